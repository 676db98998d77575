// Runs each query of a query set (bench/search_queries.py) on built sites'
// search pages in chromium, each on a cold page (a fresh browser context:
// nothing cached), and writes one JSON line per query and site: requests
// and bytes until the results are shown and the network is idle (the page,
// scripts, WASM and index files all counted), milliseconds from navigation
// start to the first results (or to "No results"), the milliseconds to the
// page's DOMContentLoaded (what the page costs before search starts), and
// the top 10 result URLs as site paths.
//
// Several sites are measured side by side: each query runs on every site
// before the next query, in turn (which site goes first alternates), so
// that the machine's load weighs on all alike.
//
// Usage: node bench/search_browser.mjs QUERIES_JSON OUTPUT_DIR JSONL [OUTPUT_DIR JSONL ...]
import fs from "node:fs";
import { launch, serveStatic } from "../tests/browser/lib.mjs";

const [queriesFile, ...pairs] = process.argv.slice(2);
if (!queriesFile || !pairs.length || pairs.length % 2) {
  console.error("usage: node bench/search_browser.mjs QUERIES_JSON OUTPUT_DIR JSONL [OUTPUT_DIR JSONL ...]");
  process.exit(2);
}
const { queries } = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
const sites = [];
for (let i = 0; i < pairs.length; i += 2) {
  const { server, port } = await serveStatic(pairs[i], "/");
  sites.push({ server, port, out: fs.openSync(pairs[i + 1], "w") });
}
const browser = await launch();

// Records when the search status first says something other than
// "Searching…": the moment results (or their absence) are on screen.
const watch = () => {
  addEventListener("DOMContentLoaded", () => {
    const status = document.querySelector("[role=status]");
    if (!status) return;
    new MutationObserver(() => {
      const text = status.textContent;
      if (window.__shown === undefined && text && !text.startsWith("Searching")) window.__shown = performance.now();
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
};

try {
  for (const [n, query] of queries.entries()) {
    const turn = sites.map((_, k) => sites[(k + n) % sites.length]);
    for (const site of turn) fs.writeSync(site.out, JSON.stringify(await measure(query, site.port)) + "\n");
  }
} finally {
  await browser.close();
  for (const site of sites) {
    site.server.close();
    fs.closeSync(site.out);
  }
}

// One query on a cold page of the site served at `port`.
async function measure(query, port) {
  const context = await browser.newContext();
  await context.addInitScript(watch);
  const tab = await context.newPage();
  const finished = [];
  tab.on("requestfinished", (request) => finished.push(request));
  let failed = 0;
  tab.on("requestfailed", () => failed++);
  const url = `http://127.0.0.1:${port}/search/?q=${encodeURIComponent(query.q)}`;
  await tab.goto(url);
  await tab.waitForFunction(() => window.__shown !== undefined, null, { timeout: 120000 });
  await tab.waitForLoadState("networkidle");
  const [ms, page] = await tab.evaluate(() => [
    window.__shown,
    performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
  ]);
  const top10 = await tab.$$eval(".search-results .teaser-title a", (links) =>
    links.slice(0, 10).map((a) => new URL(a.href).pathname),
  );
  let bytes = 0;
  for (const request of finished) {
    const sizes = await request.sizes();
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  }
  // The files fetched, by kind (the first folder under the index, or the
  // page's own): where a query's requests went.
  const kinds = {};
  for (const request of finished) {
    const path = new URL(request.url()).pathname;
    const kind = (path.match(/search-index\/([a-z]+)\//) || [null, "page"])[1];
    kinds[kind] = (kinds[kind] || 0) + 1;
  }
  await context.close();
  return { q: query.q, requests: finished.length, failed, bytes, ms: Math.round(ms), page: Math.round(page), kinds, top10 };
}
