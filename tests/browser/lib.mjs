// Shared helpers of the browser suites: Debian's chromium through
// playwright-core, and a small static server for a built output folder.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves `dir` at http://127.0.0.1:port{prefix} (prefix like "/" or "/sub/"),
 *  like a plain static host: index.html for folders, 404.html for misses. */
export function serveStatic(dir, prefix = "/", port = 0) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) return notFound(res, dir);
    rel = rel.slice(prefix.length);
    if (rel.includes("..")) return notFound(res, dir);
    let file = path.join(dir, rel);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return notFound(res, dir);
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, port: server.address().port })));
}

function notFound(res, dir) {
  const page = path.join(dir, "404.html");
  res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
  res.end(fs.existsSync(page) ? fs.readFileSync(page) : "not found");
}

let failures = 0;
export function check(condition, message) {
  if (condition) return;
  failures += 1;
  console.log("FAIL:", message);
}
export function done(name) {
  if (failures) {
    console.log(`${name}: ${failures} checks failed`);
    process.exit(1);
  }
  console.log(`${name}: all checks passed`);
}

/** Article pages of an output folder with their visible text, read from disk. */
export function articlePages(dir) {
  const root = path.join(dir, "articles");
  return fs.readdirSync(root).map((slug) => {
    const html = fs.readFileSync(path.join(root, slug, "index.html"), "utf8");
    const title = (html.match(/<h1>([^<]*)<\/h1>/) || [])[1] || "";
    const body = (html.match(/<div class="article-body">([\s\S]*?)<\/div>\s*<footer/) || [])[1] || "";
    const text = body.replace(/<aside[\s\S]*?<\/aside>/g, " ").replace(/<[^>]+>/g, " ");
    const date = (html.match(/<p class="byline">[\s\S]*?<time datetime="([^"]+)"/) || [])[1] || null;
    return { slug, title: decode(title), text: decode(text), date };
  });
}

function decode(s) {
  return s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A word of one article's body whose first six letters appear in no other
 *  article (so stemming cannot find it elsewhere), with that article. */
export function uniqueWord(pages) {
  const stems = new Map();
  for (const p of pages) {
    const seen = new Set(`${p.title} ${p.text}`.toLowerCase().match(/[a-z]{3,}/g) || []);
    for (const w of seen) {
      const s = w.slice(0, 6);
      stems.set(s, (stems.get(s) || new Set()).add(p.slug));
    }
  }
  for (const p of pages) {
    const words = (p.text.toLowerCase().match(/[a-z]{8,}/g) || []).sort();
    for (const w of words) {
      if (stems.get(w.slice(0, 6)).size === 1 && !p.title.toLowerCase().includes(w)) return { word: w, page: p };
    }
  }
  throw new Error("no word is unique to one article");
}

/** One page of each page type of an output folder, as paths relative to the
 *  site root (no leading slash), found from the files so the suites follow
 *  the archive: the article with the most figures and related links, the
 *  topic with the most articles, the first year, its busiest month and that
 *  month's busiest day, the reporters and the one with most articles, the
 *  first section of the main navigation, a search with results, a 404, a
 *  Markdown article with tables or footnotes and an article with a picture
 *  when there are. */
export function pageTypes(dir) {
  const read = (rel) => fs.readFileSync(path.join(dir, rel, "index.html"), "utf8");
  const count = (html, re) => (html.match(re) || []).length;
  const score = (slug) => {
    const html = read(`articles/${slug}`);
    const related = (html.match(/<aside class="related">[\s\S]*?<\/aside>/g) || []).join("");
    return count(html, /<figure/g) * 10 + count(related, /<a href/g) * 10 + count(html, /<p>/g) / 100;
  };
  const article = fs.readdirSync(path.join(dir, "articles")).sort().reduce((a, b) => (score(b) > score(a) ? b : a));
  // An article with a picture of its own, if any.
  const pictured = fs.readdirSync(path.join(dir, "articles")).sort().find((slug) => /<figure class="picture">/.test(read(`articles/${slug}`)));
  const authors = [...read("authors").matchAll(/<a href="[^"]*?(authors\/[^"#]+\/)">[^<]*<\/a> <span class="count">(\d+)<\/span>/g)];
  const author = authors.reduce((a, b) => (Number(b[2]) > Number(a[2]) ? b : a))[1];
  // A hand-written Markdown article (tables, footnotes, quotes), if any.
  const markdown = fs
    .readdirSync(path.join(dir, "articles"))
    .sort()
    .find((slug) => /<table|class="footnote-definition"|<blockquote/.test(read(`articles/${slug}`)));
  const topicsHtml = read("topics");
  const topics = [...topicsHtml.matchAll(/<a href="[^"]*?(topics\/[^"#]+\/)">[^<]*<\/a> <span class="count">(\d+)<\/span>/g)];
  const topic = topics.reduce((a, b) => (Number(b[2]) > Number(a[2]) ? b : a))[1];
  const years = fs.readdirSync(path.join(dir, "archive")).filter((d) => /^\d{4}$/.test(d)).sort();
  const year = years[0];
  const teasers = (rel) => count(read(rel), /class="teaser"/g);
  const months = fs.readdirSync(path.join(dir, "archive", year)).filter((d) => /^\d\d$/.test(d)).sort();
  const month = months.reduce((a, b) => (teasers(`archive/${year}/${b}`) > teasers(`archive/${year}/${a}`) ? b : a));
  const days = fs.readdirSync(path.join(dir, "archive", year, month)).filter((d) => /^\d\d$/.test(d)).sort();
  const day = days.reduce((a, b) => (teasers(`archive/${year}/${month}/${b}`) > teasers(`archive/${year}/${month}/${a}`) ? b : a));
  const nav = (read("").match(/<nav class="site-nav"[\s\S]*?<\/nav>/) || [""])[0];
  const fixed = new Set(["", "topics/", "authors/", "archive/"]);
  const section = [...nav.matchAll(/href="([^"]*)"/g)]
    .map((m) => new URL(m[1], "http://x/").pathname.slice(1))
    .find((p) => !fixed.has(p));
  return [
    { name: "home", path: "" },
    { name: "article", path: `articles/${article}/` },
    ...(markdown ? [{ name: "article-markdown", path: `articles/${markdown}/` }] : []),
    ...(pictured ? [{ name: "article-picture", path: `articles/${pictured}/` }] : []),
    { name: "topic", path: topic },
    { name: "topics", path: "topics/" },
    { name: "archive", path: "archive/" },
    { name: "year", path: `archive/${year}/` },
    { name: "month", path: `archive/${year}/${month}/` },
    { name: "day", path: `archive/${year}/${month}/${day}/` },
    { name: "authors", path: "authors/" },
    { name: "author", path: author },
    { name: "section", path: section },
    { name: "search", path: "search/?q=energy", ready: ".search-results li" },
    { name: "404", path: "no-such-page/", status: 404 },
  ];
}

/** Opens `url` in `tab` and waits until the page is ready to look at: loaded,
 *  fonts settled and, for a search, its results shown. Returns the response. */
export async function openPage(tab, url, type = {}) {
  const res = await tab.goto(url, { waitUntil: "load" });
  if (type.ready) await tab.waitForSelector(type.ready, { timeout: 15000 });
  await tab.evaluate(() => document.fonts.ready);
  return res;
}

/** A word of the article `slug` to search for: one whose first six letters
 *  appear in no other article when there is one (so it has one result),
 *  else its longest word. */
export function wordOf(pages, slug) {
  const page = pages.find((p) => p.slug === slug);
  const others = new Set();
  for (const p of pages) {
    if (p.slug === slug) continue;
    for (const w of `${p.title} ${p.text}`.toLowerCase().match(/[a-z]{3,}/g) || []) others.add(w.slice(0, 6));
  }
  const words = [...new Set(page.text.toLowerCase().match(/[a-z]{7,}/g) || [])].sort();
  const unique = words.find((w) => !others.has(w.slice(0, 6)) && !page.title.toLowerCase().includes(w));
  return { word: unique || words.sort((a, b) => b.length - a.length)[0], unique: Boolean(unique), page };
}
