// Accessibility of every page type with axe-core in chromium: no serious or
// critical violation, in the light and the dark colour scheme, at a desktop
// and a phone width. Moderate and minor findings are printed, not failed.
//
// Usage: node a11y.mjs OUTPUT_DIR
import fs from "node:fs";
import { createRequire } from "node:module";
import { launch, serveStatic, check, done, pageTypes, openPage } from "./lib.mjs";

const [dir] = process.argv.slice(2);
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const axeVersion = JSON.parse(fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/package.json"), "utf8")).version;
const types = pageTypes(dir);
const { server, port } = await serveStatic(dir, "/");
const browser = await launch();
let runs = 0;
const minor = new Map();
try {
  for (const colorScheme of ["light", "dark"]) {
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      const tab = await context.newPage();
      for (const type of types) {
        await openPage(tab, `http://127.0.0.1:${port}/${type.path}`, type);
        await tab.addScriptTag({ content: axeSource });
        const result = await tab.evaluate(() =>
          window.axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }),
        );
        runs += 1;
        const where = `${type.name} (/${type.path}, ${colorScheme}, ${width}px)`;
        for (const v of result.violations) {
          const nodes = v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`);
          if (v.impact === "serious" || v.impact === "critical") {
            check(false, `${where}: ${v.impact} ${v.id}: ${v.help}\n    ${nodes.slice(0, 5).join("\n    ")}`);
          } else {
            const key = `${v.impact} ${v.id}: ${v.help}`;
            minor.set(key, (minor.get(key) || new Set()).add(type.name));
          }
        }
      }
      await context.close();
    }
  }
  console.log(`axe-core ${axeVersion}: ${types.length} page types x light, dark x 1280px, 375px = ${runs} runs (WCAG 2.2 A/AA and best practices)`);
  for (const t of types) console.log(`  ${t.name}: /${t.path}`);
  for (const [key, pages] of minor) console.log(`  note (not failed): ${key} on ${[...pages].join(", ")}`);
} finally {
  await browser.close();
  server.close();
}
done("accessibility (axe-core)");
