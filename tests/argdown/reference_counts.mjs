// Counts of the Argdown reference parser (@argdown/core) for each file named on the command
// line: {file: {errors, statements, arguments, relations: {type: n}, title}}, as JSON.
import { argdown } from "@argdown/core";
import { readFileSync } from "node:fs";

const counts = {};
for (const file of process.argv.slice(2)) {
  const response = argdown.run({
    input: readFileSync(file, "utf8"),
    process: ["parse-input", "build-model"],
    logLevel: "none",
  });
  const relations = {};
  for (const relation of response.relations || []) {
    relations[relation.relationType] = (relations[relation.relationType] || 0) + 1;
  }
  counts[file] = {
    errors: (response.parserErrors || []).length + (response.lexerErrors || []).length,
    statements: Object.keys(response.statements || {}).length,
    arguments: Object.keys(response.arguments || {}).length,
    relations,
    title: response.frontMatter ? response.frontMatter.title || null : null,
  };
}
console.log(JSON.stringify(counts));
