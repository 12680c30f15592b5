// The job page: follows the job's progress (polling its JSON twin) and, once it is done,
// links to the new document. Without this script the page refreshes itself instead.
const root = document.getElementById("job");
const bar = document.getElementById("job-bar");
const label = document.getElementById("job-label");
const percent = document.getElementById("job-percent");
const stage = document.getElementById("job-stage");
const outcome = document.getElementById("job-outcome");
const EVERY_MS = 400;
// its words, in the page's language (templates/job.html)
const words = root.dataset;
const stages = JSON.parse(words.stages || "{}");

// A count written for the page's locale, as the server writes it (app/i18n.py).
function number(n) {
  return Number(n).toLocaleString(document.documentElement.lang || "en", { useGrouping: Math.abs(n) >= 10000 });
}

function show(job) {
  bar.value = job.progress;
  bar.textContent = `${job.progress}%`;
  percent.textContent = `${job.progress}%`;
  stage.textContent = stages[job.stage] ?? job.stage;
  stage.hidden = job.finished;
  if (job.status === "done") {
    label.firstChild.textContent = `${words.done} `;
    outcome.replaceChildren(done(job.result));
    document.getElementById("job-link").focus();
  } else if (job.status === "failed") {
    label.firstChild.textContent = `${words.failed} `;
    const p = document.createElement("p");
    p.className = "form-error";
    p.setAttribute("role", "alert");
    p.textContent = `${words.nothing} ${job.error}`;
    outcome.replaceChildren(p);
  } else {
    label.firstChild.textContent = `${words.extracting} `;
  }
}

function done(result) {
  const p = document.createElement("p");
  p.className = "job-done";
  const a = document.createElement("a");
  a.id = "job-link";
  a.href = result.url;
  a.textContent = words.open;
  const what = result.extracted
    ? ` — ${words.extracted.replace("{n}", number(result.arguments)).replace("{m}", number(result.relations))}`
    : ` — ${words.manual}`;
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
