// Search in a real browser: a word that appears in only one article's body
// finds that article, and clicking the result opens it. Run against the
// output served at the site root and under a subpath.
//
// Usage: node search.mjs OUTPUT_DIR PREFIX   (PREFIX: "/" or "/sub/")
import { launch, serveStatic, check, done, articlePages, uniqueWord } from "./lib.mjs";

const [dir, prefix = "/"] = process.argv.slice(2);
const { word, page } = uniqueWord(articlePages(dir));
const { server, port } = await serveStatic(dir, prefix, Number(process.env.PORT || 0));
const browser = await launch();
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(e.message));
  tab.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const base = `http://127.0.0.1:${port}${prefix}`;
  await tab.goto(base);
  // The header's search box leads to the search page.
  await tab.fill("#site-search", word);
  await tab.press("#site-search", "Enter");
  await tab.waitForURL(/search\/\?q=/);
  await tab.waitForSelector(".search-results li", { timeout: 15000 });
  const results = await tab.$$eval(".search-results .teaser-title a", (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));
  check(results.length === 1, `searching "${word}" gives ${results.length} results: ${JSON.stringify(results)}`);
  check(results[0] && results[0].text === page.title, `the result is "${results[0]?.text}", not "${page.title}"`);
  await tab.click(".search-results .teaser-title a");
  await tab.waitForLoadState("load");
  const h1 = await tab.textContent("h1");
  check(h1 === page.title, `the result opens "${h1}", not "${page.title}"`);
  check(new URL(tab.url()).pathname === `${prefix}articles/${page.slug}/`, `the result opens ${tab.url()}`);
  check(errors.length === 0, `console errors: ${errors.join(" | ")}`);
  console.log(`search under ${prefix}: "${word}" -> ${page.title}`);
} finally {
  await browser.close();
  server.close();
}
done(`search (${prefix})`);
