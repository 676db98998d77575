#!/usr/bin/env python3
"""Draws a query set from an archive's own vocabulary and ranks each query
with an exhaustive BM25 over the whole archive, the yardstick that
bench/search.sh holds the browser's results against.

    python3 bench/search_queries.py GAZETTE SITE_DIR [--queries 50] [--seed 1] > queries.json

The documents are what gazette indexes, read with `gazette inspect --json`:
the title, then paragraphs, figure captions and alt texts, list items and
HTML text (related headlines are left out, as the index leaves them out).
Words are lowercased runs of letters and digits, stemmed with the Snowball
stemmer of the site's language; BM25 with k1 = 1.2, b = 0.75 and the
idf ln(1 + (N - df + 0.5) / (df + 0.5)). A query of several words matches
the articles holding all of them (as the search page does) and scores the
sum over its words. Ties are broken by URL, so the top 10 is deterministic.

The query set: words with df 1 (an article only they find), df 2-20, df up
to 5% of the archive, df above it, and two-word queries taken from one
article; each a word of at least four letters or digits that is not a
stopword. A band the archive has no words for is filled with two-word
queries.
"""

import collections
import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path

try:
    import snowballstemmer
except ImportError:
    sys.exit("bench/search_queries.py needs snowballstemmer: pip install snowballstemmer")

K1, B = 1.2, 0.75
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]+>")
STOP = set(
    """about after again also among because been before being between both could does doing down during each
    from further have having here into just more most other over same should some such than that their them
    then there these they this those through under until very were what when where which while will with
    would your said says year years""".split()
)
LANGUAGES = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "it": "italian", "nl": "dutch",
             "pt": "portuguese", "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish"}


def documents(gazette, site):
    """(url, text) of every article, as the search index reads it."""
    proc = subprocess.Popen([gazette, "inspect", "--json", "--root", site, "content"], cwd=site,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        a = json.loads(line)
        if a.get("draft") or not a.get("url"):
            continue
        parts = [a.get("title") or ""]
        for b in a.get("blocks") or []:
            kind = b.get("kind")
            if kind == "paragraph":
                parts.append(b["text"])
            elif kind == "figure":
                parts += [t for t in (b.get("caption"), b.get("alt")) if t]
            elif kind == "list":
                parts += b.get("items") or []
            elif kind == "html":
                parts.append(TAG.sub(" ", b.get("html") or ""))
        yield a["url"], "\n".join(parts)
    proc.wait()


class Analyser:
    def __init__(self, language):
        self.stemmer = snowballstemmer.stemmer(LANGUAGES.get(language.split("-")[0], "english"))
        self.memo = {}

    def words(self, text):
        return WORD.findall(text.lower())

    def stem(self, word):
        s = self.memo.get(word)
        if s is None:
            s = self.memo[word] = self.stemmer.stemWord(word)
        return s


def main():
    args = sys.argv[1:]
    opts = {"--queries": "50", "--seed": "1"}
    for name in list(opts):
        if name in args:
            at = args.index(name)
            opts[name] = args[at + 1]
            del args[at : at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    gazette, site = str(Path(args[0]).resolve()), args[1]
    toml = (Path(site) / "site.toml").read_text(encoding="utf-8")
    language = (re.search(r'^language\s*=\s*"([^"]+)"', toml, re.M) or [None, "en"])[1]
    analyser = Analyser(language)

    # Pass 1: document lengths, document frequencies, and a few words of each
    # document for the two-word queries.
    urls, texts, lengths = [], [], []
    df = collections.Counter()
    surface = {}  # stem -> the first word seen for it
    for url, text in documents(gazette, site):
        words = analyser.words(text)
        stems = [analyser.stem(w) for w in words]
        for w, s in zip(words, stems):
            surface.setdefault(s, w)
        df.update(set(stems))
        urls.append(url)
        texts.append(text)
        lengths.append(len(stems))
    n = len(urls)
    if n == 0:
        sys.exit(f"no articles in {site}")
    avg = sum(lengths) / n

    rng = random.Random(int(opts["--seed"]))
    total = int(opts["--queries"])
    # Numbers count too: a generated archive's rare words are mostly figures.
    eligible = sorted(s for s, w in surface.items() if len(w) >= 4 and w not in STOP)
    bands = [
        ("df=1", lambda d: d == 1, total * 3 // 10),
        ("df 2-20", lambda d: 2 <= d <= 20, total * 2 // 10),
        ("df <5%", lambda d: 20 < d <= 0.05 * n, total * 2 // 10),
        ("df >5%", lambda d: d > 0.05 * n, total // 10),
    ]
    queries = []
    for kind, fits, count in bands:
        pool = [s for s in eligible if fits(df[s])]
        for s in rng.sample(pool, min(count, len(pool))):
            queries.append({"q": surface[s], "kind": kind, "terms": [s]})
    # Two-word queries: two mid-frequency words of one article.
    while len(queries) < total:
        text = texts[rng.randrange(n)]
        stems = sorted({analyser.stem(w) for w in analyser.words(text)} & set(eligible))
        mid = [s for s in stems if 2 <= df[s] <= 0.2 * n]
        if len(mid) >= 2:
            a, b = rng.sample(mid, 2)
            queries.append({"q": f"{surface[a]} {surface[b]}", "kind": "two words", "terms": [a, b]})

    # Pass 2: term frequencies of the query terms only.
    wanted = {t for q in queries for t in q["terms"]}
    tf = collections.defaultdict(dict)  # term -> doc -> count
    for d, text in enumerate(texts):
        counts = collections.Counter(s for s in (analyser.stem(w) for w in analyser.words(text)) if s in wanted)
        for t, c in counts.items():
            tf[t][d] = c

    def idf(t):
        return math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))

    for q in queries:
        docs = set.intersection(*(set(tf[t]) for t in q["terms"]))
        scored = []
        for d in docs:
            norm = K1 * (1 - B + B * lengths[d] / avg)
            score = sum(idf(t) * tf[t][d] * (K1 + 1) / (tf[t][d] + norm) for t in q["terms"])
            scored.append((-score, urls[d]))
        scored.sort()
        q["matches"] = len(docs)
        q["df"] = [df[t] for t in q["terms"]]
        q["top10"] = [u for _, u in scored[:10]]
    json.dump({"documents": n, "language": language, "queries": queries}, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
