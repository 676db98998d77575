// A reader's journeys through the site in chromium, at a desktop and a
// phone width: home -> a topic -> one of its articles -> a related story
// linked from that article's aside -> the masthead search for a word of that
// story -> its result, which opens it; then home -> the reporters -> an
// author -> one of their articles -> a "More like this" story -> its topic,
// whose chart links to a month. "On this day" on the home page, with the
// browser's clock set to a day with earlier articles and to one without.
// On every page: no console error, no failed request, and nothing wider
// than the window (no sideways scrolling).
//
// Usage: node journey.mjs OUTPUT_DIR [TOPIC]   (TOPIC: "Calais migrant crisis")
import fs from "node:fs";
import path from "node:path";
import { launch, serveStatic, check, done, articlePages } from "./lib.mjs";
import { wordOf } from "./lib.mjs";

const [dir, topicName = "Calais migrant crisis"] = process.argv.slice(2);
const pages = articlePages(dir);
const hasRelatedLink = (slug) =>
  /<aside class="related">(?:(?!<\/aside>)[\s\S])*<a href/.test(fs.readFileSync(path.join(dir, "articles", slug, "index.html"), "utf8"));
const articleHtml = (href) => fs.readFileSync(path.join(dir, href, "index.html"), "utf8");
const hasMoreLikeThis = (href) => articleHtml(href).includes('class="more-in more-like-this"');
const authorHasMoreLikeThis = (href) =>
  [...articleHtml(href).matchAll(/class="teaser-title"><a href="([^"]+)"/g)].some((m) => hasMoreLikeThis(m[1]));
// A day of the year with an article, seen a year later at noon; and a day
// with none.
const dated = pages.filter((p) => p.date).sort((a, b) => a.date.localeCompare(b.date));
const taken = new Set(dated.map((p) => p.date.slice(5, 10)));
const first = dated[0];
const free = [...Array(366).keys()].map((k) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(5, 10)).find((md) => !taken.has(md));
const nextYear = String(Number(dated[dated.length - 1].date.slice(0, 4)) + 1);
const titlesOn = (md) => dated.filter((p) => p.date.slice(5, 10) === md).map((p) => p.title);
const onThisDay = [
  [new Date(`${nextYear}-${first.date.slice(5, 10)}T12:00:00`), titlesOn(first.date.slice(5, 10))],
  [new Date(`${nextYear}-${free}T12:00:00`), []],
];
const { server, port } = await serveStatic(dir, "/");
const origin = `http://127.0.0.1:${port}`;
const browser = await launch();
try {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    const w = `${viewport.width}px`;
    const context = await browser.newContext({ viewport });
    const tab = await context.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    tab.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
    // A load the browser cancels because the reader moved on (ERR_ABORTED)
    // is no fault of the site.
    tab.on("requestfailed", (r) => r.failure()?.errorText !== "net::ERR_ABORTED" && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    tab.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} for ${r.url()}`));
    const visited = [];
    // Every page of the journey is checked the same way once it is shown.
    const arrive = async (step) => {
      await tab.waitForLoadState("load");
      const { scroll, inner, h1 } = await tab.evaluate(() => ({
        scroll: document.scrollingElement.scrollWidth,
        inner: window.innerWidth,
        h1: document.querySelector("h1")?.textContent.trim(),
      }));
      check(scroll <= inner, `${w} ${step} (${tab.url()}): the page is ${scroll}px wide in a ${inner}px window`);
      check(problems.length === 0, `${w} ${step} (${tab.url()}): ${problems.join(" | ")}`);
      problems.length = 0;
      visited.push(`${step} ${new URL(tab.url()).pathname}${new URL(tab.url()).search}`);
      return h1;
    };
    const go = async (step, locator) => {
      check((await locator.count()) > 0, `${w} ${step}: nothing to click on ${tab.url()}`);
      await locator.first().scrollIntoViewIfNeeded();
      await Promise.all([tab.waitForNavigation(), locator.first().click()]);
      return arrive(step);
    };

    await tab.goto(`${origin}/`);
    await arrive("home");

    // The home page's topic list (a sidebar on desktop, below the latest on a phone).
    let h1 = await go("topic", tab.locator(".top-topics a", { hasText: topicName }));
    check(h1 === topicName, `${w}: the topic link opens "${h1}"`);

    // An article of the topic whose related aside links to another article.
    const hrefs = await tab.$$eval(".teaser-title a", (as) => as.map((a) => a.getAttribute("href")));
    const href = hrefs.find((h) => hasRelatedLink(h.split("/").filter(Boolean).pop()));
    check(href, `${w}: no article of "${topicName}" on its first page has a related link`);
    const article = pages.find((p) => href.endsWith(`/articles/${p.slug}/`));
    h1 = await go("article", tab.locator(`.teaser-title a[href="${href}"]`));
    check(h1 === article.title, `${w}: the teaser opens "${h1}", not "${article.title}"`);

    // A related story, linked from the aside inside the article body.
    const relatedLink = tab.locator("aside.related a").first();
    const relatedText = (await relatedLink.textContent()).trim();
    const relatedHref = await relatedLink.getAttribute("href");
    h1 = await go("related story", relatedLink);
    check(h1?.toLowerCase() === relatedText.toLowerCase(), `${w}: the related link "${relatedText}" opens "${h1}"`);
    check(new URL(tab.url()).pathname === new URL(relatedHref, origin).pathname, `${w}: the related link opens ${tab.url()}`);
    const slug = new URL(tab.url()).pathname.split("/").filter(Boolean).pop();

    // The masthead search, for a word of this story.
    const { word, unique, page } = wordOf(pages, slug);
    await tab.fill("#site-search", word);
    await Promise.all([tab.waitForNavigation(), tab.press("#site-search", "Enter")]);
    await tab.waitForSelector(".search-results li", { timeout: 15000 });
    await arrive(`search "${word}"`);
    const titles = await tab.$$eval(".search-results .teaser-title a", (as) => as.map((a) => a.textContent));
    check(titles.includes(page.title), `${w}: searching "${word}" does not find "${page.title}": ${JSON.stringify(titles)}`);
    if (unique) check(titles.length === 1, `${w}: "${word}" is in one article only, yet gives ${titles.length} results`);
    h1 = await go("search result", tab.locator(".search-results .teaser-title a", { hasText: page.title }));
    check(h1 === page.title, `${w}: the result opens "${h1}", not "${page.title}"`);
    check(new URL(tab.url()).pathname === `/articles/${slug}/`, `${w}: the result opens ${tab.url()}`);

    // Home -> reporters -> an author with an article that has "More like
    // this" -> that article -> a story like it -> its topic -> a month.
    await tab.goto(`${origin}/`);
    await arrive("home");
    h1 = await go("reporters", tab.locator(".site-nav a", { hasText: "Reporters" }));
    check(h1 === "Reporters", `${w}: the reporters link opens "${h1}"`);
    const authorHref = await tab.$$eval(".topic-counts a", (as) => as.map((a) => a.getAttribute("href")))
      .then((hs) => hs.find((h) => authorHasMoreLikeThis(h)));
    check(authorHref, `${w}: no author has an article with "More like this"`);
    const authorName = (await tab.locator(`.topic-counts a[href="${authorHref}"]`).textContent()).trim();
    h1 = await go("author", tab.locator(`.topic-counts a[href="${authorHref}"]`));
    check(h1 === authorName, `${w}: the author link opens "${h1}", not "${authorName}"`);
    const byHref = (await tab.$$eval(".teaser-title a", (as) => as.map((a) => a.getAttribute("href")))).find(hasMoreLikeThis);
    h1 = await go("author's article", tab.locator(`.teaser-title a[href="${byHref}"]`));
    const byline = await tab.locator(".byline .authors a").allTextContents();
    check(byline.includes(authorName), `${w}: "${h1}" is not signed by ${authorName}: ${byline}`);
    const alike = tab.locator(".more-like-this .teaser-title a").first();
    const alikeTitle = (await alike.textContent()).trim();
    h1 = await go("more like this", alike);
    check(h1 === alikeTitle, `${w}: "More like this" opens "${h1}", not "${alikeTitle}"`);
    const topicLink = tab.locator(".article-topics a").first();
    const topic = (await topicLink.textContent()).trim();
    h1 = await go("its topic", topicLink);
    check(h1 === topic, `${w}: the topic link opens "${h1}", not "${topic}"`);
    if (await tab.locator(".topic-chart a").count()) {
      const bar = tab.locator(".topic-chart a").first();
      const label = (await bar.getAttribute("aria-label")).split(":")[0];
      h1 = await go("a month of the topic's chart", bar);
      check(h1 === label, `${w}: the chart's bar "${label}" opens "${h1}"`);
    }

    // "On this day": a day with articles in earlier years shows them; a day
    // without shows no box at all.
    for (const [day, expected] of onThisDay) {
      await tab.clock.setFixedTime(day);
      await tab.goto(`${origin}/`);
      await arrive(`home on ${day.toISOString().slice(0, 10)}`);
      await tab.waitForLoadState("networkidle");
      const shown = await tab.$$eval("#on-this-day:not([hidden]) li a", (as) => as.map((a) => a.textContent));
      const when = day.toISOString().slice(0, 10);
      check(shown.length === Math.min(expected.length, 5) && shown.every((t) => expected.includes(t)),
        `${w}: on ${when} "On this day" shows ${JSON.stringify(shown)}, expected some of ${JSON.stringify(expected)}`);
      const box = await tab.locator("#on-this-day").isVisible();
      check(box === expected.length > 0, `${w}: the "On this day" box is ${box ? "shown" : "hidden"} on ${when}`);
    }

    console.log(`journey at ${w}:\n  ${visited.join("\n  ")}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
done("journey");
