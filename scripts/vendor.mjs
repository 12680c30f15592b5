// Copies the browser builds of the npm dependencies (the map's, Swagger UI for
// the API docs at /docs, and axe-core for the accessibility checks of the browser
// tests) into static/vendor/,
// where the app serves them (no CDN). Run by `npm run build` (make does it).
import { copyFileSync, mkdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// Paths inside node_modules/.
const files = [
  "cytoscape/dist/cytoscape.min.js",
  "swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui-dist/swagger-ui.css",
  "axe-core/axe.min.js",
];
const root = join(dirname(new URL(import.meta.url).pathname), "..");
const out = join(root, "static", "vendor");
mkdirSync(out, { recursive: true });
for (const file of files) {
  copyFileSync(join(root, "node_modules", file), join(out, basename(file)));
}
console.log(`vendored ${files.length} files into static/vendor/`);
