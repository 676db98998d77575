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
    return { slug, title: decode(title), text: decode(text) };
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
