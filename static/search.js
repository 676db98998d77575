// Search over the archive's static index (search-index/: its files are
// described in src/write/search/mod.rs, the choice in docs/decisions.md).
// A query fetches the bucket of each word typed and then only what its
// ranking needs: a frequent word's stem file (the cards of its first
// results, its next postings and, when they are one chunk, all its
// postings), the chunks that say whether a result holds the other words,
// and the cards of the results shown. Ranking is BM25 over the whole
// archive; every word must match.
// Everything from the index is inserted as text.
(function () {
  "use strict";
  const root = document.querySelector("[data-search]");
  if (!root) return;
  const form = root.querySelector("form");
  const input = form.querySelector("input[type=search]");
  const sort = form.querySelector("select[name=sort]");
  const status = root.querySelector("[role=status]");
  const filters = root.querySelector(".search-filters");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const index = JSON.parse(root.dataset.index || "null");
  // Result URLs are site paths; the base puts the site's base path in front.
  const base = root.dataset.base || "/";
  // Results a page shows: the index's, whose stem files hold a page of
  // cards (a site without an index searches nothing).
  const PAGE = index ? index.page : 10;
  // Postings checked against the other words at a time.
  const SLICE = 64;
  // Files of document lengths the search reads at most to rank all of a
  // word's postings (each of up to 32,768 postings, CHUNK in
  // src/write/search/mod.rs).
  const LENGTHS = 1;

  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const files = new Map();
  // Buckets the search page started fetching before this script ran.
  const early = window.gazetteSearchEarly || new Map();

  // Each file is fetched and read once: `read` turns its bytes into what
  // the search uses (a chunk is checked against many slices of results).
  function load(path, read) {
    if (!files.has(path)) {
      const response = early.get(path) || fetch(index.url + path);
      early.delete(path);
      const file = response.then((r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        return r.arrayBuffer().then((b) => read(new Uint8Array(b)));
      });
      file.catch(() => files.delete(path));
      files.set(path, file);
    }
    return files.get(path);
  }
  const folder = (n) => Math.floor(n / 1024);

  // The words of a query as the index splits text: lowercased runs of
  // letters and digits.
  const words = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];

  function fnv32(text) {
    let h = 0x811c9dc5;
    for (const b of encoder.encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h;
  }

  class Reader {
    constructor(bytes) {
      this.bytes = bytes;
      this.at = 0;
    }
    varint() {
      let n = 0;
      let scale = 1;
      let b;
      do {
        b = this.bytes[this.at++];
        n += (b & 0x7f) * scale;
        scale *= 128;
      } while (b & 0x80);
      return n;
    }
    string() {
      const len = this.varint();
      const s = decoder.decode(this.bytes.subarray(this.at, this.at + len));
      this.at += len;
      return s;
    }
    postings(count) {
      const out = new Array(count);
      for (let i = 0; i < count; i++) out[i] = { doc: this.varint(), tf: this.varint(), len: this.varint() };
      return out;
    }
    // A chunk (encode::chunk in src/write/search/encode.rs): its count and
    // Rice parameter k, then bits: each document's gap from the one before
    // (the first from the chunk's first) as gap >> k ones, a zero and k
    // bits; its count as 0, 10, 110, or 111 and count - 3 in Elias gamma.
    // Read into typed arrays: documents ascending and their counts.
    chunk(first) {
      const n = this.varint();
      const docs = new Uint32Array(n);
      const tfs = new Uint32Array(n);
      const k = this.bytes[this.at++];
      const bytes = this.bytes;
      let at = this.at * 8;
      const bit = () => (bytes[at >> 3] >> (7 - (at++ & 7))) & 1;
      const bits = (width) => {
        let v = 0;
        for (let i = 0; i < width; i++) v = (v << 1) | bit();
        return v;
      };
      let doc = first;
      for (let i = 0; i < n; i++) {
        let q = 0;
        while (bit()) q++;
        doc += (q << k) + bits(k);
        let tf = 1;
        while (tf < 4 && bit()) tf++;
        if (tf === 4) {
          let zeros = 0;
          while (!bit()) zeros++;
          tf = 3 + ((1 << zeros) | bits(zeros));
        }
        docs[i] = doc;
        tfs[i] = tf;
      }
      return { docs, tfs };
    }
    // The lengths of a chunk's documents.
    lengths() {
      const out = [];
      while (this.at < this.bytes.length) out.push(this.varint());
      return out;
    }
  }

  // A bucket: word → its entry (see stem_files in src/write/search/mod.rs).
  function readBucket(bytes) {
    const r = new Reader(bytes);
    const entries = new Map();
    for (let n = r.varint(); n > 0; n--) {
      const e = { word: r.string(), stem: r.string(), df: r.varint() };
      e.first = r.postings(r.varint());
      if (e.df > index.page) e.key = r.string();
      if (e.df > e.first.length) {
        e.top = r.varint();
        e.chunks = [];
        let start = 0;
        for (let c = r.varint(); c > 0; c--) e.chunks.push((start += r.varint()));
      }
      entries.set(e.word, e);
    }
    return entries;
  }

  async function lookup(word) {
    const b = fnv32(word) % index.buckets;
    const bucket = await load(`w/${folder(b)}/${b}.bin`, readBucket);
    return bucket.get(word);
  }

  // A word (or a filter) of the query, with its postings as far as loaded.
  class Term {
    constructor(entry, filter) {
      Object.assign(this, entry);
      this.filter = filter;
      this.idf = Math.log(1 + (index.documents - this.df + 0.5) / (this.df + 0.5));
      this.complete = this.first.length === this.df;
      this.dir = this.key ? `${folder(parseInt(this.key.slice(0, 4), 16))}/${this.key}` : "";
    }
    score(p) {
      const average = Math.max(index.average, Number.MIN_VALUE);
      const norm = index.k1 * (1 - index.b + (index.b * p.len) / average);
      return (this.idf * p.tf * (index.k1 + 1)) / (p.tf + norm);
    }
    get best() {
      return this.filter || !this.first.length ? 0 : this.score(this.first[0]);
    }
    // Postings best first: the entry's, then up to `top`, then all.
    async byScore(level) {
      if (level === 0 || this.complete) return this.first;
      if (level === 1) return this.first.concat((await this.stemFile()).top);
      const numbers = this.chunks.map((_, n) => n);
      const [chunks, lengths] = await Promise.all([this.chunk(numbers), this.lengths(numbers)]);
      const all = chunks.flatMap((c, n) => Array.from(c.docs, (doc, i) => ({ doc, tf: c.tfs[i], len: lengths[n][i] })));
      return all.sort((x, y) => this.score(y) - this.score(x) || y.doc - x.doc);
    }
    // The stem file (stem_files in src/write/search/mod.rs): the cards of
    // the first postings; then, past the entry's postings, the next ones
    // to `top` and the postings in document order when they are one chunk.
    stemFile() {
      return load(`s/${this.dir}.bin`, (b) => {
        const r = new Reader(b);
        const file = { cards: JSON.parse(r.string()) };
        if (this.complete) return file;
        file.top = r.postings(this.top - this.first.length);
        if (this.chunks.length === 1) file.chunk = r.chunk(this.chunks[0]);
        return file;
      });
    }
    // Postings newest first, at least `want` of them when there are.
    async newest(want) {
      if (this.complete) return [...this.first].sort((x, y) => y.doc - x.doc);
      const out = [];
      for (let n = this.chunks.length - 1; n >= 0 && out.length < want; n--) {
        const [c] = await this.chunk([n]);
        for (let i = c.docs.length - 1; i >= 0; i--) out.push({ doc: c.docs[i], tf: c.tfs[i] });
      }
      return out;
    }
    // Chunks in document order: documents and counts; and the lengths of
    // their documents, files of their own.
    chunk(numbers) {
      if (!numbers.length) return Promise.resolve([]);
      if (this.chunks.length === 1) return this.stemFile().then((f) => numbers.map(() => f.chunk));
      return this.perChunk("c", numbers, (r, n) => r.chunk(this.chunks[n]));
    }
    lengths(numbers) {
      return this.perChunk("l", numbers, (r) => r.lengths());
    }
    perChunk(kind, numbers, read) {
      return Promise.all(numbers.map((n) => load(`${kind}/${this.dir}-${n}.bin`, (b) => read(new Reader(b), n))));
    }
    // The postings of `docs` that hold this term, by document (their
    // lengths are the documents', known to the caller): each document
    // looked up in the chunk that would hold it.
    async holding(docs) {
      const found = new Map();
      if (this.complete) {
        const wanted = new Set(docs);
        for (const p of this.first) if (wanted.has(p.doc)) found.set(p.doc, p);
        return found;
      }
      const numbers = docs.map((doc) => lastAtMost(this.chunks, doc));
      const read = [...new Set(numbers)].filter((n) => n >= 0);
      const chunks = new Map((await this.chunk(read)).map((c, i) => [read[i], c]));
      docs.forEach((doc, i) => {
        const c = chunks.get(numbers[i]);
        const at = c ? lastAtMost(c.docs, doc) : -1;
        if (at >= 0 && c.docs[at] === doc) found.set(doc, { doc, tf: c.tfs[at] });
      });
      return found;
    }
  }

  function lastAtMost(sorted, value) {
    let lo = 0;
    let hi = sorted.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= value) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at;
  }

  // The first `want` matches of a query: every word and filter held.
  // By relevance (a threshold algorithm): the rarest word's postings are
  // read best first, then each other word's top postings, each checked
  // against the rest, until no article not seen yet can beat the results:
  // it scores at most, in each word, the last posting read of it. When
  // that does not settle it, all the rarest word's postings are read if
  // their lengths take at most LENGTHS files; past that the results stand
  // (docs/decisions.md, "Search"). Newest first, postings are taken by
  // document.
  async function search(query, want) {
    const keys = [...new Set(words(query.text))];
    if (!keys.length) return { results: [], total: 0 };
    const filterKeys = query.topics.map((t) => `topic:${t}`).concat(query.sections.map((s) => `section:${s}`));
    const entries = await Promise.all(keys.concat(filterKeys).map(lookup));
    if (entries.some((e) => !e)) return { results: [], total: 0 };
    const terms = entries.map((e, i) => new Term(e, i >= keys.length));
    const scoring = terms.filter((t) => !t.filter);
    const newest = query.sort === "newest";
    const byDf = (x, y) => x.df - y.df;
    const driver = (newest ? [...terms] : [...scoring]).sort(byDf)[0];
    // Lists held whole in their entries cost nothing more to read to the
    // end, which gives the exact number of results.
    const whole = terms.every((t) => t.complete);
    const results = [];
    const seen = new Set();

    // Checks postings of `term` against every other term: those all hold
    // are results, scored with the document length their posting gives.
    async function check(term, postings) {
      const rest = terms.filter((t) => t !== term);
      const held = await Promise.all(rest.map((t) => t.holding(postings.map((p) => p.doc))));
      for (const p of postings) {
        seen.add(p.doc);
        if (!held.every((m) => m.has(p.doc))) continue;
        let score = 0;
        if (!newest) {
          score = term.score(p);
          rest.forEach((t, i) => {
            if (!t.filter) score += t.score({ tf: held[i].get(p.doc).tf, len: p.len });
          });
        }
        results.push({ doc: p.doc, score });
      }
    }

    let exhausted = false;
    if (newest) {
      let need = want + SLICE;
      for (;;) {
        const postings = await driver.newest(need);
        const fresh = postings.filter((p) => !seen.has(p.doc));
        for (let at = 0; at < fresh.length && (whole || results.length < want); at += SLICE) {
          await check(driver, fresh.slice(at, at + SLICE));
        }
        exhausted = seen.size >= driver.df;
        if (exhausted || (!whole && results.length >= want)) break;
        need = postings.length + 1;
      }
    } else {
      // What an article not seen yet can score in each word: its best
      // posting's, then the last read best first, nothing once all were.
      const reach = new Map(scoring.map((t) => [t, t.best]));
      const bound = () => [...reach.values()].reduce((sum, r) => sum + r, 0);
      const enough = () => {
        if (bound() === -Infinity) return true;
        if (whole || results.length < want) return false;
        results.sort(byScore);
        return results[want - 1].score >= bound();
      };
      // Reads `term`'s postings (best first) a slice at a time until the
      // results are settled; says whether they are.
      const scan = async (term, postings) => {
        const fresh = postings.filter((p) => !seen.has(p.doc));
        for (let at = 0; at < fresh.length; at += SLICE) {
          reach.set(term, term.score(fresh[at]));
          if (enough()) return true;
          await check(term, fresh.slice(at, at + SLICE));
        }
        if (postings.length >= term.df) reach.set(term, -Infinity);
        else if (fresh.length) reach.set(term, term.score(fresh[fresh.length - 1]));
        return enough();
      };
      let done = (await scan(driver, await driver.byScore(0))) || (await scan(driver, await driver.byScore(1)));
      for (const t of scoring) {
        if (!done && t !== driver) done = await scan(t, await t.byScore(1));
      }
      if (!done && (driver.complete || driver.chunks.length <= LENGTHS)) {
        done = await scan(driver, await driver.byScore(2));
      }
      exhausted = bound() === -Infinity;
    }
    results.sort(newest ? (x, y) => y.doc - x.doc : byScore);
    const others = terms.length - 1;
    const total = exhausted ? results.length : others === 0 ? driver.df : null;
    const more = results.length > want || (results.length === want && !exhausted);
    return { results: results.slice(0, want), total, more, scoring };
  }
  const byScore = (x, y) => y.score - x.score || y.doc - x.doc;

  // Cards of the results: those among a word's first postings from its
  // stem file when the search read it or when it holds at least two of
  // them, the others from the files of the groups they are in, all
  // fetched at once.
  async function cards(results, terms) {
    const from = new Map();
    const take = (t) =>
      t.first.slice(0, index.cards).forEach((p, i) => from.has(p.doc) || from.set(p.doc, [t, i]));
    const withFile = terms.filter((t) => t.key);
    const read = withFile.filter((t) => files.has(`s/${t.dir}.bin`));
    read.forEach(take);
    let best = null;
    let most = 1;
    for (const t of withFile.filter((t) => !read.includes(t))) {
      const docs = t.first.slice(0, index.cards).map((p) => p.doc);
      const held = results.filter((r) => !from.has(r.doc) && docs.includes(r.doc)).length;
      if (held > most) [best, most] = [t, held];
    }
    if (best) take(best);
    const parse = (b) => JSON.parse(decoder.decode(b));
    return Promise.all(
      results.map(async (r) => {
        const at = from.get(r.doc);
        if (at) return (await at[0].stemFile()).cards[at[1]];
        const g = Math.floor(r.doc / index.group);
        return (await load(`g/${folder(g)}/${g}.json`, parse))[r.doc % index.group];
      }),
    );
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // Text with the query's words marked: a word matches when it is one
  // typed or starts with a typed word's stem.
  function marked(tag, className, text, terms) {
    const el = element(tag, className);
    const hit = hits(terms);
    for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
      if (part && hit(part)) el.append(element("mark", "", part));
      else if (part) el.append(document.createTextNode(part));
    }
    return el;
  }

  const hits = (terms) => (word) => {
    const lower = word.toLowerCase();
    return terms.some((t) => lower === t.word || (t.stem.length > 2 && lower.startsWith(t.stem)));
  };

  // About half of a card's text: from a little before the first word
  // searched for (the start when none is there), on word boundaries.
  const SHOWN = 240;
  function excerpt(text, terms) {
    const hit = hits(terms);
    let at = 0;
    for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (hit(m[0])) {
        at = m.index;
        break;
      }
    }
    let start = at > SHOWN / 3 ? text.lastIndexOf(" ", at - SHOWN / 4) + 1 : 0;
    if (text.length - start < SHOWN) start = Math.max(0, text.lastIndexOf(" ", text.length - SHOWN) + 1);
    let end = start + SHOWN < text.length ? text.lastIndexOf(" ", start + SHOWN) : text.length;
    if (end <= start) end = Math.min(text.length, start + SHOWN);
    const shown = text.slice(start, end);
    // A window that stops mid-sentence says so; one that ends a sentence
    // needs no mark.
    const cut = end < text.length && !/[.!?…"”']$/.test(shown);
    return (start > 0 ? "…" : "") + shown + (cut ? "…" : "");
  }

  function card(c, terms) {
    const item = element("li", "teaser");
    const heading = element("h2", "teaser-title");
    const link = marked("a", "", c.t, terms);
    link.href = base + c.u.replace(/^\//, "");
    heading.append(link);
    item.append(heading);
    const meta = [c.d, c.s && c.s[1]].filter(Boolean);
    if (meta.length) {
      const line = element("p", "teaser-meta");
      line.append(...meta.map((text) => element("span", "", text)));
      item.append(line);
    }
    if (c.x) item.append(marked("p", "teaser-summary", excerpt(c.x, terms), terms));
    return item;
  }

  // Filters: the topics and sections of the results shown, to narrow by;
  // the ones in use, to drop.
  function showFilters(query, shown) {
    filters.replaceChildren();
    const counts = new Map();
    for (const c of shown) {
      const keys = (c.p || []).map(([slug, name]) => ["topics", slug, name]);
      if (c.s) keys.push(["sections", c.s[0], c.s[1]]);
      for (const [kind, slug, name] of keys) {
        const id = `${kind}:${slug}`;
        const entry = counts.get(id) || { kind, slug, name, n: 0 };
        entry.n += 1;
        counts.set(id, entry);
      }
    }
    const active = [];
    for (const kind of ["topics", "sections"]) {
      for (const slug of query[kind]) {
        const known = counts.get(`${kind}:${slug}`);
        active.push({ kind, slug, name: known ? known.name : slug });
        counts.delete(`${kind}:${slug}`);
      }
    }
    const offered = [...counts.values()].filter((f) => f.n < shown.length || shown.length === 1);
    // Ties by name as code points, case aside: localeCompare's first call
    // loads the locale's collation, 10–35 ms before the first results.
    offered.forEach((f) => (f.key = f.name.toLowerCase()));
    offered.sort((x, y) => y.n - x.n || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (const f of active) {
      const button = element("button", "search-filter is-active", `${f.name} ×`);
      button.type = "button";
      // The name starts with the visible text (WCAG's label in name).
      button.setAttribute("aria-label", `${f.name}: remove this filter`);
      button.addEventListener("click", () => go({ ...query, [f.kind]: query[f.kind].filter((s) => s !== f.slug) }));
      filters.append(button);
    }
    for (const f of offered.slice(0, 8)) {
      const button = element("button", "search-filter", `${f.name} (${f.n})`);
      button.type = "button";
      button.setAttribute("aria-label", `${f.name} (${f.n}): only this ${f.kind === "topics" ? "topic" : "section"}`);
      button.addEventListener("click", () => go({ ...query, [f.kind]: query[f.kind].concat(f.slug) }));
      filters.append(button);
    }
    filters.hidden = !filters.childElementCount;
  }

  let current = 0;
  async function run(query, want) {
    const ticket = ++current;
    if (!query.text.trim()) {
      list.replaceChildren();
      filters.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    try {
      if (!index) throw new Error("this site has no search index");
      const found = await search(query, want);
      const terms = found.scoring || [];
      const shown = await cards(found.results, terms);
      if (ticket !== current) return;
      list.replaceChildren(...shown.map((c) => card(c, terms)));
      showFilters(query, shown);
      more.hidden = !found.more || !found.results.length;
      const q = `“${query.text.trim()}”`;
      const n = found.total;
      status.textContent = !shown.length
        ? `No results for ${q}`
        : n === null
          ? `First ${shown.length} results for ${q}`
          : `${n} result${n === 1 ? "" : "s"} for ${q}`;
    } catch (e) {
      if (ticket === current) status.textContent = "Search is not available: " + e.message;
    }
  }

  let state = null;
  function go(query, want = PAGE) {
    state = { query, want };
    const url = new URL(location.href);
    url.search = "";
    url.searchParams.set("q", query.text);
    if (query.sort) url.searchParams.set("sort", query.sort);
    query.topics.forEach((t) => url.searchParams.append("topic", t));
    query.sections.forEach((s) => url.searchParams.append("section", s));
    history.replaceState(null, "", url);
    run(query, want);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const keep = state ? state.query : { topics: [], sections: [] };
    go({ text: input.value, sort: sort.value, topics: keep.topics, sections: keep.sections });
  });
  sort.addEventListener("change", () => {
    if (state) go({ ...state.query, sort: sort.value });
  });
  more.addEventListener("click", () => {
    if (!state) return;
    state.want += PAGE;
    run(state.query, state.want);
  });
  const params = new URL(location.href).searchParams;
  const initial = params.get("q");
  if (initial) {
    input.value = initial;
    sort.value = params.get("sort") === "newest" ? "newest" : "";
    go({
      text: initial,
      sort: sort.value,
      topics: params.getAll("topic"),
      sections: params.getAll("section"),
    });
  }
})();
