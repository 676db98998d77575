// Search in a real browser: a word that appears in only one article's body
// finds that article, and clicking the result opens it; a plural finds the
// singular (stemming), words are marked in the results, a frequent word's
// first results are one file of cards, "Newest first" orders by date, a topic or section filter narrows and can be dropped, and
// "More results" adds more. Run against the output served at the site root
// and under a subpath.
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
  console.log(`search under ${prefix}: "${word}" -> ${page.title}`);

  const pages = articlePages(dir);
  const bySlug = new Map(pages.map((p) => [p.slug, p]));
  const shown = () =>
    tab.$$eval(".search-results .teaser-title a", (as) => as.map((a) => new URL(a.href).pathname.split("/").at(-2)));
  const search = async (query) => {
    await tab.goto(`${base}search/?${query}`);
    await tab.waitForFunction(() => {
      const s = document.querySelector("[role=status]").textContent;
      return s && !s.startsWith("Searching");
    });
    return shown();
  };

  // Stemming: a plural finds an article that has only the singular.
  const has = (p, w) => new RegExp(`\\b${w}\\b`, "i").test(`${p.title} ${p.text}`);
  const singular = pages
    .flatMap((p) => (p.text.toLowerCase().match(/\b[a-z]{5,}\b/g) || []).map((w) => [w, p]))
    .filter(([w]) => !w.endsWith("s"))
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].slug.localeCompare(b[1].slug))
    .find(([w, p]) => !has(p, `${w}s`) && pages.some((q) => has(q, `${w}s`)));
  check(singular, "the archive has no word in both the singular and the plural");
  if (singular) {
    const [w, p] = singular;
    const slugs = await search(`q=${w}s`);
    check(slugs.includes(p.slug), `searching "${w}s" does not find "${p.title}", which has "${w}": ${slugs}`);
  }

  // The words searched for are marked in the results' titles.
  const titled = pages.find((p) => (p.title.match(/[A-Za-z]{7,}/) || [])[0]);
  const titleWord = titled.title.match(/[A-Za-z]{7,}/)[0];
  await search(`q=${titleWord}`);
  const marks = await tab.$$eval(".search-results .teaser-title mark", (ms) => ms.map((m) => m.textContent));
  check(marks.includes(titleWord), `"${titleWord}" is not marked in the titles: ${marks}`);

  // A word most articles have: its first page of results is one file of
  // cards; more results on demand, newest first, filters.
  const common = ["the", "and", "said"].find((w) => pages.filter((p) => has(p, w)).length > 12);
  const fetched = [];
  const record = (request) => fetched.push(new URL(request.url()).pathname);
  tab.on("request", record);
  let all = await search(`q=${common}`);
  tab.off("request", record);
  check(all.length === 10, `"${common}" shows ${all.length} results at first, not 10`);
  check(new Set(all).size === 10 && all.every((slug) => has(bySlug.get(slug), common)), `"${common}" shows ${all}`);
  const cardFiles = fetched.filter((f) => /search-index\/[gs]\//.test(f));
  check(cardFiles.length === 1 && cardFiles[0].includes("/s/"), `"${common}" read the cards of ${cardFiles}`);
  await tab.click(".search-more");
  await tab.waitForFunction(() => document.querySelectorAll(".search-results li").length > 10);
  all = await shown();
  check(all.length === 20, `"More results" shows ${all.length} results, not 20`);

  const newest = await search(`q=${common}&sort=newest`);
  const dates = newest.map((slug) => bySlug.get(slug)?.date || "");
  const sorted = [...dates].sort().reverse();
  check(JSON.stringify(dates) === JSON.stringify(sorted), `"Newest first" is not by date: ${dates}`);
  check((await tab.inputValue("#search-sort")) === "newest", "the order is not kept in the form");

  await search(`q=${common}`);
  const before = await tab.textContent("[role=status]");
  const filter = tab.locator(".search-filter").first();
  const label = await filter.textContent();
  await filter.click();
  await tab.waitForURL(/(topic|section)=/);
  await tab.waitForFunction((b) => document.querySelector("[role=status]").textContent !== b && !document.querySelector("[role=status]").textContent.startsWith("Searching"), before);
  const narrowed = Number((await tab.textContent("[role=status]")).match(/\d+/)?.[0]);
  const wanted = Number(label.match(/\((\d+)\)/)?.[1]);
  check(narrowed >= wanted && narrowed < Number(before.match(/\d+/)[0]), `filter ${label}: ${before} -> ${narrowed} results`);
  await tab.click(".search-filter.is-active");
  await tab.waitForFunction((b) => document.querySelector("[role=status]").textContent === b, before);
  check(!/(topic|section)=/.test(tab.url()), `dropping the filter leaves ${tab.url()}`);

  check(errors.length === 0, `console errors: ${errors.join(" | ")}`);
} finally {
  await browser.close();
  server.close();
}
done(`search (${prefix})`);
