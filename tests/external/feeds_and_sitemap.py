"""Feeds and sitemaps of a built site, read by real clients: Python's
feedparser (as feed readers do) and an XML parser for the sitemap protocol.

Usage: python3 feeds_and_sitemap.py OUTPUT_DIR BASE_URL
       python3 feeds_and_sitemap.py --sitemap-only OUTPUT_DIR BASE_URL
(the second, for a generated archive of more than 50,000 pages, checks that
the sitemap became an index of numbered sitemaps of at most 50,000 URLs)
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


class Page(HTMLParser):
    """Teaser titles, the refresh target and JSON-LD of one page."""

    def __init__(self):
        super().__init__()
        self.titles, self.refresh, self.json_ld = [], None, []
        self._in_title = self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h3" and "teaser-title" in (a.get("class") or ""):
            self._in_title = True
            self.titles.append("")
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = a.get("content")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in_title = False
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[-1] += data
        if self._in_ld:
            self.json_ld[-1] += data


def parse_page(path):
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.titles = [" ".join(t.split()) for t in p.titles]
    return p


def topic_titles(out, slug):
    """Every teaser title of a topic, across its pages, newest first."""
    titles, page = [], 1
    while True:
        rel = f"topics/{slug}/index.html" if page == 1 else f"topics/{slug}/page/{page}/index.html"
        if not (out / rel).is_file():
            return titles
        titles += parse_page(out / rel).titles
        page += 1


def check_feed(out, rel, base_url, expected_titles=None, full=True):
    """Checks a feed as feedparser reads it; `full`: its entries carry the
    article's content (author feeds carry summaries)."""
    feed = feedparser.parse((out / rel).read_bytes())
    check(not feed.bozo, f"{rel}: feedparser says bozo: {feed.get('bozo_exception')!r}")
    check(feed.feed.get("title"), f"{rel}: no feed title")
    check(len(feed.entries) > 0, f"{rel}: no entries")
    for e in feed.entries:
        for field in ("title", "link", "id", "updated", "summary") + (("content",) if full else ()):
            check(e.get(field), f"{rel}: an entry has no {field}: {e.get('title')!r}")
        if not full:
            check(not e.get("content"), f"{rel}: a summary feed's entry has content: {e.get('title')!r}")
        check(e.link.startswith(base_url), f"{rel}: entry link {e.link} is not under {base_url}")
        check(e.get("authors") or feed.feed.get("author"), f"{rel}: entry {e.title!r} has no author")
    if expected_titles is not None:
        got = [" ".join(e.title.split()) for e in feed.entries]
        check(got == expected_titles[: len(got)] and len(got) == min(len(expected_titles), 50),
              f"{rel}: entries {got} are not the topic's articles {expected_titles}")
    return feed


def check_sitemap(out, base_url):
    root = ET.parse(out / "sitemap.xml").getroot()
    files = [out / "sitemap.xml"]
    if root.tag == SITEMAP_NS + "sitemapindex":
        files = [out / loc.text[len(base_url):] for loc in root.iter(SITEMAP_NS + "loc")]
    else:
        check(root.tag == SITEMAP_NS + "urlset", f"sitemap.xml root is {root.tag}")
    locs = []
    for f in files:
        urlset = ET.parse(f).getroot()
        check(urlset.tag == SITEMAP_NS + "urlset", f"{f.name} root is {urlset.tag}")
        in_file = [loc.text for loc in urlset.iter(SITEMAP_NS + "loc")]
        check(len(in_file) <= 50000, f"{f.name} lists {len(in_file)} URLs, over the protocol's 50,000")
        locs += in_file
    check((len(locs) > 50000) == (len(files) > 1), f"{len(locs)} URLs in {len(files)} sitemap files")
    check(len(locs) == len(set(locs)), "a URL is listed twice in the sitemap")
    for loc in locs:
        check(loc.startswith(base_url), f"sitemap <loc> {loc} is not absolute under {base_url}")
    # Every HTML page but the 404 page and alias redirects is listed.
    expected = set()
    for page in out.rglob("*.html"):
        rel = page.relative_to(out).as_posix()
        if rel == "404.html" or 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):
            continue
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        expected.add(base_url + url)
    missing, extra = expected - set(locs), set(locs) - expected
    check(not missing, f"pages missing from the sitemap: {sorted(missing)[:5]}")
    check(not extra, f"sitemap URLs without a page: {sorted(extra)[:5]}")
    robots = (out / "robots.txt").read_text()
    check(f"Sitemap: {base_url}sitemap.xml" in robots, "robots.txt does not point to the sitemap")
    return len(locs)


def check_json_ld(out):
    pages = 0
    for page in (out / "articles").rglob("index.html"):
        p = parse_page(page)
        check(len(p.json_ld) == 1, f"{page}: {len(p.json_ld)} JSON-LD blocks")
        for block in p.json_ld:
            article, breadcrumbs = json.loads(block)
            check(article.get("@type") == "NewsArticle", f"{page}: @type is {article.get('@type')}")
            check(article.get("headline") and article.get("url"), f"{page}: JSON-LD lacks headline or url")
            for author in article.get("author", []):
                check(author.get("@type") == "Person" and author.get("url", "").startswith("http"),
                      f"{page}: JSON-LD author {author} is not a Person with the URL of their page")
            check(breadcrumbs.get("@type") == "BreadcrumbList", f"{page}: no BreadcrumbList")
            trail = breadcrumbs.get("itemListElement", [])
            check(len(trail) >= 2 and trail[-1].get("item") == article.get("url"),
                  f"{page}: the breadcrumbs do not end at the article")
        pages += 1
    return pages


def main():
    if sys.argv[1] == "--sitemap-only":
        out, base_url = Path(sys.argv[2]), sys.argv[3]
        urls = check_sitemap(out, base_url)
        check(urls > 50000, f"only {urls} URLs: the archive is too small to test the split")
        print(f"sitemap: {urls} URLs in {len(list(out.glob('sitemap-*.xml')))} numbered sitemaps under a sitemap index")
        finish("sitemap index")
        return
    out, base_url = Path(sys.argv[1]), sys.argv[2]
    site_feed = check_feed(out, "atom.xml", base_url)
    calais = topic_titles(out, "calais-migrant-crisis")
    check(len(calais) >= 5, f"the Calais topic lists {len(calais)} articles")
    topic_feed = check_feed(out, "topics/calais-migrant-crisis/atom.xml", base_url, calais)
    feeds = 2
    for f in sorted(out.glob("topics/*/atom.xml")):
        check_feed(out, f.relative_to(out).as_posix(), base_url)
        feeds += 1
    for f in sorted(out.glob("authors/*/atom.xml")):
        check_feed(out, f.relative_to(out).as_posix(), base_url, full=False)
        feeds += 1
    urls = check_sitemap(out, base_url)
    articles = check_json_ld(out)
    print(f"feeds: {feeds} feeds parsed by feedparser {feedparser.__version__} (site feed {len(site_feed.entries)} entries, "
          f"Calais topic {len(topic_feed.entries)}); sitemap: {urls} URLs; JSON-LD: {articles} article pages")
    finish("feeds and sitemap")


def finish(name):
    if failures:
        for f in failures:
            print("FAIL:", f)
        sys.exit(1)
    print(f"{name}: all checks passed")


if __name__ == "__main__":
    main()
