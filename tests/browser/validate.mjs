// HTML validity: every HTML page of a built site, plus the search page as
// the browser shows it with results (its DOM serialised), through the Nu
// Html Checker (vnu.jar, run with Java). Any error fails; warnings are
// counted and printed, not failed.
//
// Usage: node validate.mjs OUTPUT_DIR
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { launch, serveStatic, check, done, pageTypes, openPage } from "./lib.mjs";

const [dir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const vnu = path.join(path.dirname(require.resolve("vnu-jar/package.json")), "build/dist/vnu.jar");

function htmlFiles(root) {
  return fs.readdirSync(root, { recursive: true }).filter((f) => /\.html?$/.test(f)).map((f) => path.join(root, f));
}

// The search page's results exist only in the browser: save its DOM.
const rendered = fs.mkdtempSync(path.join(os.tmpdir(), "gazette-vnu-"));
const { server, port } = await serveStatic(dir, "/");
const browser = await launch();
try {
  const tab = await browser.newPage();
  const search = pageTypes(dir).find((t) => t.name === "search");
  await openPage(tab, `http://127.0.0.1:${port}/${search.path}`, search);
  const dom = await tab.evaluate(() => "<!DOCTYPE html>\n" + document.documentElement.outerHTML);
  fs.writeFileSync(path.join(rendered, "search-with-results.html"), dom);
} finally {
  await browser.close();
  server.close();
}

const files = [...htmlFiles(dir), ...htmlFiles(rendered)];
let report;
try {
  // vnu exits 1 when it finds errors; the JSON report is on stdout either way.
  report = execFileSync("java", ["-jar", vnu, "--format", "json", "--stdout", ...files], { encoding: "utf8", maxBuffer: 1 << 26 });
} catch (e) {
  if (!e.stdout) throw e;
  report = e.stdout;
}
const { version, messages } = JSON.parse(report);
const shown = (m) => `${m.url.replace(/^file:/, "").replace(dir, "").replace(rendered, "(rendered)")}:${m.lastLine ?? "?"}:${m.firstColumn ?? m.lastColumn ?? "?"}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, " ")}` : ""}`;
const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
const warnings = messages.filter((m) => m.type === "info" && m.subType === "warning");
for (const m of errors) check(false, shown(m));
for (const m of warnings) console.log(`  warning (not failed): ${shown(m)}`);
console.log(`Nu Html Checker ${version}: ${files.length} pages (${files.length - 1} files of the build, 1 search page as rendered with results): ${errors.length} errors, ${warnings.length} warnings`);
fs.rmSync(rendered, { recursive: true, force: true });
done("HTML validity (Nu Html Checker)");
