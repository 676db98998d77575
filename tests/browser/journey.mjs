// A reader's journey through the site in chromium, at a desktop and a phone
// width: home -> a topic -> one of its articles -> a related story linked
// from that article's aside -> the masthead search for a word of that story
// -> its result, which opens it. On every page: no console error, no failed
// request, and nothing wider than the window (no sideways scrolling).
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
    tab.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
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

    console.log(`journey at ${w}:\n  ${visited.join("\n  ")}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
done("journey");
