// Screenshots of every page type at a desktop and a phone width, in light
// and dark colour schemes, for a person to look at. Writes PNGs to
// $SCREENSHOTS (default tests/browser/screenshots/, git-ignored) and checks
// only that each page answers as expected and has nothing wider than the
// window.
//
// Usage: node screenshots.mjs OUTPUT_DIR
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, serveStatic, check, done, pageTypes, openPage } from "./lib.mjs";

const [dir] = process.argv.slice(2);
const out = process.env.SCREENSHOTS || path.join(path.dirname(fileURLToPath(import.meta.url)), "screenshots");
fs.mkdirSync(out, { recursive: true });
const types = pageTypes(dir);
const widths = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 375, height: 740 },
];
const { server, port } = await serveStatic(dir, "/");
const browser = await launch();
let shots = 0;
try {
  for (const colorScheme of ["light", "dark"]) {
    for (const w of widths) {
      const context = await browser.newContext({ viewport: { width: w.width, height: w.height }, colorScheme });
      const tab = await context.newPage();
      for (const type of types) {
        const res = await openPage(tab, `http://127.0.0.1:${port}/${type.path}`, type);
        check(res.status() === (type.status || 200), `${type.path} answers ${res.status()}`);
        const wide = await tab.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
        check(wide <= 0, `${type.name} (${type.path}) at ${w.width}px scrolls sideways by ${wide}px`);
        const file = path.join(out, `${type.name}-${w.name}-${colorScheme}.png`);
        await tab.screenshot({ path: file, fullPage: true });
        shots += 1;
      }
      await context.close();
    }
  }
  console.log(`screenshots: ${types.length} page types x ${widths.map((w) => w.width + "px").join(", ")} x light, dark = ${shots} PNGs in ${out}`);
  for (const t of types) console.log(`  ${t.name}: /${t.path}`);
} finally {
  await browser.close();
  server.close();
}
done("screenshots");
