// Every JSON Feed of a built site (the site's, each topic's, each author's),
// read by a real feed parser (feedsmith) and checked against what the
// JSON Feed 1.1 specification requires; each agrees with its Atom twin.
//
// Usage: node json_feeds.mjs OUTPUT_DIR BASE_URL
import fs from "node:fs";
import path from "node:path";
import { parseFeed } from "feedsmith";
import { check, done } from "./lib.mjs";

const [dir, base] = process.argv.slice(2);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const feeds = ["feed.json"];
for (const folder of ["topics", "authors"]) {
  for (const name of fs.readdirSync(path.join(dir, folder))) {
    if (fs.existsSync(path.join(dir, folder, name, "feed.json"))) feeds.push(`${folder}/${name}/feed.json`);
  }
}
let items = 0;
for (const rel of feeds) {
  const text = fs.readFileSync(path.join(dir, rel), "utf8");
  const raw = JSON.parse(text);
  check(raw.version === "https://jsonfeed.org/version/1.1", `${rel}: version is ${raw.version}`);
  check(typeof raw.title === "string" && raw.title, `${rel}: no title`);
  check(raw.feed_url === base + rel, `${rel}: feed_url is ${raw.feed_url}`);
  check(raw.home_page_url?.startsWith(base), `${rel}: home_page_url is ${raw.home_page_url}`);
  check(Array.isArray(raw.items) && raw.items.length > 0, `${rel}: no items`);
  const parsed = parseFeed(text);
  check(parsed.format === "json", `${rel}: feedsmith reads it as ${parsed.format}`);
  check(parsed.feed.items.length === raw.items.length, `${rel}: feedsmith reads ${parsed.feed.items.length} of ${raw.items.length} items`);
  for (const item of raw.items) {
    const name = `${rel}: item ${JSON.stringify(item.title)}`;
    check(typeof item.id === "string" && item.id, `${name} has no id`);
    check(item.url?.startsWith(base), `${name}: url ${item.url} is not under ${base}`);
    check(typeof item.content_html === "string" || typeof item.content_text === "string", `${name} has no content`);
    for (const field of ["date_published", "date_modified"]) {
      check(item[field] === undefined || RFC3339.test(item[field]), `${name}: ${field} ${item[field]} is not RFC 3339`);
    }
    for (const author of item.authors ?? []) {
      check(author.name && author.url?.startsWith(base), `${name}: author ${JSON.stringify(author)}`);
    }
    check((item.tags ?? []).every((t) => typeof t === "string"), `${name}: tags are not strings`);
    check(item.image === undefined || /^https?:\/\//.test(item.image), `${name}: image ${item.image} is not absolute`);
  }
  // The Atom feed beside it lists the same articles in the same order.
  const atom = parseFeed(fs.readFileSync(path.join(dir, rel.replace(/feed\.json$/, "atom.xml")), "utf8"));
  const ids = atom.feed.entries.map((e) => e.id);
  check(JSON.stringify(ids) === JSON.stringify(raw.items.map((i) => i.id)), `${rel}: its items are not those of its Atom feed`);
  items += raw.items.length;
}
console.log(`JSON Feed: ${feeds.length} feeds, ${items} items, parsed by feedsmith and checked against JSON Feed 1.1`);
done("JSON feeds");
