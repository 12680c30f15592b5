// The job page: follows the job's progress (polling its JSON twin) and, once it is done,
// links to the new document. Without this script the page refreshes itself instead.
const root = document.getElementById("job");
const bar = document.getElementById("job-bar");
const label = document.getElementById("job-label");
const percent = document.getElementById("job-percent");
const stage = document.getElementById("job-stage");
const outcome = document.getElementById("job-outcome");
const EVERY_MS = 400;

function show(job) {
  bar.value = job.progress;
  bar.textContent = `${job.progress}%`;
  percent.textContent = `${job.progress}%`;
  stage.textContent = job.stage;
  stage.hidden = job.finished;
  if (job.status === "done") {
    label.firstChild.textContent = "Done ";
    outcome.replaceChildren(done(job.result));
    document.getElementById("job-link").focus();
  } else if (job.status === "failed") {
    label.firstChild.textContent = "Failed ";
    const p = document.createElement("p");
    p.className = "form-error";
    p.setAttribute("role", "alert");
    p.textContent = `Nothing was added: ${job.error}`;
    outcome.replaceChildren(p);
  } else {
    label.firstChild.textContent = "Extracting… ";
  }
}

function done(result) {
  const p = document.createElement("p");
  p.className = "job-done";
  const a = document.createElement("a");
  a.id = "job-link";
  a.href = result.url;
  a.textContent = "Open the document";
  const what = result.extracted
    ? ` — ${result.arguments} arguments and ${result.relations} relations extracted`
    : " — added for manual curation: extraction runs on French documents only";
  p.append(a, what);
  return p;
}

async function poll() {
  try {
    const res = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (res.ok) {
      const job = await res.json();
      show(job);
      if (job.finished) return;
    }
  } catch {
    // the server may be reloading: try again
  }
  setTimeout(poll, EVERY_MS);
}

poll();
