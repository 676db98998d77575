// Screenshots of every page type at a desktop and a phone width, in light
// and dark colour schemes, for a person to look at. Writes PNGs to
// $SCREENSHOTS (default tests/browser/screenshots/, git-ignored) and checks
// only that each page answers as expected and has nothing wider than the
// window, there and at 320px. article-print.png is an article with the
// print styles.
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
  // the narrowest phones: checked for sideways scrolling, not photographed
  { name: "narrow", width: 320, height: 640, check: true },
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
        if (w.check) continue;
        const file = path.join(out, `${type.name}-${w.name}-${colorScheme}.png`);
        await tab.screenshot({ path: file, fullPage: true });
        shots += 1;
      }
      await context.close();
    }
  }
  // An article as it prints (print styles: no navigation, black on white).
  const printed = await browser.newContext({ viewport: { width: 794, height: 1123 } });
  const tab = await printed.newPage();
  await tab.emulateMedia({ media: "print" });
  const article = types.find((t) => t.name === "article");
  await openPage(tab, `http://127.0.0.1:${port}/${article.path}`, article);
  await tab.screenshot({ path: path.join(out, "article-print.png"), fullPage: true });
  shots += 1;
  await printed.close();
  const shot = widths.filter((w) => !w.check).map((w) => w.width + "px");
  const checked = widths.filter((w) => w.check).map((w) => w.width + "px");
  console.log(`screenshots: ${types.length} page types x ${shot.join(", ")} x light, dark and the article as printed = ${shots} PNGs in ${out}; no sideways scrolling at ${[...shot, ...checked].join(", ")}`);
  for (const t of types) console.log(`  ${t.name}: /${t.path}`);
} finally {
  await browser.close();
  server.close();
}
done("screenshots");
