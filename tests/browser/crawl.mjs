// Follows every internal link and asset of a site served over HTTP, from its
// home page, and reports any that does not answer 200.
//
// Usage: node crawl.mjs OUTPUT_DIR PREFIX [PORT]
import { serveStatic, check, done } from "./lib.mjs";

const [dir, prefix = "/", port = "0"] = process.argv.slice(2);
const { server, port: p } = await serveStatic(dir, prefix, Number(port));
const origin = `http://127.0.0.1:${p}`;
const seen = new Set();
const queue = [`${origin}${prefix}`];
let pages = 0;
try {
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await fetch(url);
    check(res.status === 200, `${url} answers ${res.status}`);
    if (!(res.headers.get("content-type") || "").startsWith("text/html")) {
      await res.arrayBuffer();
      continue;
    }
    pages += 1;
    const html = await res.text();
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const link = m[1].replace(/&amp;/g, "&");
      const target = new URL(link, url);
      target.hash = "";
      // Same host only: canonical and feed URLs use the configured base_url.
      if (target.origin !== origin) continue;
      check(target.pathname.startsWith(prefix), `${url} links outside ${prefix}: ${link}`);
      if (!seen.has(target.href)) queue.push(target.href);
    }
  }
  console.log(`crawl under ${prefix}: ${pages} pages, ${seen.size} URLs fetched`);
} finally {
  server.close();
}
done(`crawl (${prefix})`);
