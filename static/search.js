// Search with Pagefind. The index is built in shards (see the README); the
// search page lists them in data-shards and this script merges them, so one
// query searches the whole archive.
(function () {
  "use strict";
  const root = document.querySelector("[data-search]");
  if (!root) return;
  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const status = root.querySelector("[role=status]");
  const list = root.querySelector(".search-results");
  const shards = JSON.parse(root.dataset.shards || "[]");
  // Result URLs are site paths; baseUrl puts the site's base path in front.
  const baseUrl = root.dataset.base || "/";
  let pagefind = null;

  async function engine() {
    if (pagefind) return pagefind;
    if (!shards.length) throw new Error("this site has no search index");
    pagefind = await import(shards[0] + "pagefind.js");
    await pagefind.options({ basePath: shards[0], baseUrl });
    // All at once: one by one, each shard's two small files cost a round
    // trip in turn (3.3 s before the first results at 100,000 articles).
    await Promise.all(shards.slice(1).map((shard) => pagefind.mergeIndex(shard, { baseUrl })));
    return pagefind;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function show(results, query) {
    list.replaceChildren();
    for (const r of results) {
      const item = element("li", "teaser");
      const heading = element("h2", "teaser-title");
      const link = element("a", "", r.meta.title || r.url);
      link.href = r.url;
      heading.append(link);
      item.append(heading);
      if (r.meta.date) {
        const meta = element("p", "teaser-meta");
        meta.append(element("span", "", r.meta.date));
        item.append(meta);
      }
      const excerpt = element("p", "teaser-summary");
      // Pagefind marks the matched words with <mark>; everything else is text.
      for (const part of r.excerpt.split(/(<mark>.*?<\/mark>)/)) {
        const m = part.match(/^<mark>(.*)<\/mark>$/);
        if (m) excerpt.append(element("mark", "", decode(m[1])));
        else excerpt.append(document.createTextNode(decode(part)));
      }
      // Excerpts are windows into the text: say so when one stops mid-sentence.
      if (!/[.!?…"”']\s*$/.test(excerpt.textContent)) excerpt.append("…");
      item.append(excerpt);
      list.append(item);
    }
    status.textContent = results.length
      ? `${results.length} result${results.length === 1 ? "" : "s"} for “${query}”`
      : `No results for “${query}”`;
  }

  function decode(html) {
    const t = document.createElement("textarea");
    t.innerHTML = html;
    return t.value;
  }

  async function run(query) {
    query = query.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    try {
      const pf = await engine();
      const search = await pf.search(query, { sort: {} });
      const data = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
      show(data, query);
    } catch (e) {
      status.textContent = "Search is not available: " + e.message;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  const initial = new URL(location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
