// `gazette serve` live reload in chromium, on a copy of the repository's
// site in a temporary folder:
//  1. an article page is open; its .txt file is edited (a sentence
//     changed) and the page reloads by itself and shows the new sentence;
//  2. a template is broken ({% if %} in templates/topic.html) and the open
//     page shows the #gazette-error overlay with the error;
//  3. the template is put back and the page reloads without the overlay.
// The server is stopped (Ctrl-C, then killed if it lingers) at the end.
//
// Usage: node reload.mjs GAZETTE_BINARY REPOSITORY_ROOT
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, check, done } from "./lib.mjs";

const [binArg, repoArg] = process.argv.slice(2);
const bin = path.resolve(binArg);
const repo = path.resolve(repoArg);
const SECONDS = 8; // "within a few seconds"

// The copy: what a site is made of, nothing else (no output, no target/).
const root = fs.mkdtempSync(path.join(os.tmpdir(), "gazette-reload-"));
for (const part of ["site.toml", "content", "templates", "static"]) {
  if (fs.existsSync(path.join(repo, part))) fs.cpSync(path.join(repo, part), path.join(root, part), { recursive: true });
}

// An article whose file holds one of its paragraphs word for word.
function pickArticle() {
  const files = fs.readdirSync(path.join(root, "content"), { recursive: true }).filter((f) => f.endsWith(".txt")).sort();
  for (const file of files) {
    const rel = path.join("content", file);
    const info = JSON.parse(execFileSync(bin, ["inspect", "--json", "--root", root, path.join(root, rel)], { encoding: "utf8" }).split("\n")[0]);
    const source = fs.readFileSync(path.join(root, rel), "utf8");
    const paragraph = (info.blocks || []).filter((b) => b.kind === "paragraph").slice(1).find((b) => b.text.length > 40 && source.split(b.text).length === 2);
    if (info.url && paragraph) return { rel, url: info.url, title: info.title, paragraph: paragraph.text };
  }
  throw new Error("no article file holds one of its paragraphs verbatim");
}
const article = pickArticle();

const server = spawn(bin, ["serve", "--root", root, "--port", "0", "-q"], { stdio: ["ignore", "pipe", "pipe"] });
let serverLog = "";
server.stderr.on("data", (d) => (serverLog += d));
const exited = new Promise((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));
const base = await Promise.race([
  new Promise((resolve) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0].trim());
    });
  }),
  exited.then(({ code }) => Promise.reject(new Error(`gazette serve exited with ${code} before printing its URL: ${serverLog}`))),
]);
console.log(`gazette serve at ${base} on a copy of the site in ${root}`);

const browser = await launch();
const timeout = SECONDS * 1000;
try {
  const tab = await browser.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(e.message));
  tab.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  let loads = 0;
  tab.on("load", () => (loads += 1));
  // The page listens once its event stream is open: wait for that before
  // changing files, after the first load and after every reload.
  const listening = () => tab.waitForResponse((r) => r.url().endsWith("/__gazette/events"), { timeout });
  const mark = () => tab.evaluate(() => (window.__beforeChange = true));
  const reloaded = () => tab.evaluate(() => window.__beforeChange === undefined);
  const url = new URL(article.url.replace(/^\//, ""), base).href;

  let stream = listening();
  await tab.goto(url);
  await stream;
  check((await tab.textContent("h1")).trim() === article.title, `the page shows "${await tab.textContent("h1")}", not "${article.title}"`);
  check((await tab.textContent(".article-body")).includes(article.paragraph), "the article shows its paragraph before the edit");

  // 1. Edit the article's text file: one sentence changes.
  const file = path.join(root, article.rel);
  const original = fs.readFileSync(file, "utf8");
  const sentence = `This sentence was rewritten by the live reload test at ${Date.now()}.`;
  await mark();
  const loadsBefore = loads;
  stream = listening();
  let started = Date.now();
  fs.writeFileSync(file, original.replace(article.paragraph, sentence));
  try {
    await tab.waitForFunction((s) => document.querySelector(".article-body")?.textContent.includes(s), sentence, { timeout });
    await stream;
    check(await reloaded(), "the new sentence appeared without the page reloading");
    check(loads > loadsBefore, "no load event after the edit");
    check(tab.url() === url, `the page moved to ${tab.url()}`);
    check(!(await tab.textContent(".article-body")).includes(article.paragraph), "the old sentence is still shown");
    console.log(`edit ${article.rel}: ${article.url} reloaded by itself and shows the new sentence after ${Date.now() - started} ms`);
  } catch (e) {
    check(false, `the page did not show the edited sentence within ${SECONDS} s: ${e.message.split("\n")[0]}`);
  }

  // 2. Break a template: the open page shows the error over itself.
  const template = path.join(root, "templates", "topic.html");
  const good = fs.readFileSync(template, "utf8");
  await mark();
  started = Date.now();
  fs.writeFileSync(template, good.replace("{% block content %}", "{% block content %}{% if %}"));
  try {
    await tab.waitForSelector("#gazette-error", { state: "visible", timeout });
    const message = await tab.textContent("#gazette-error");
    check(/topic\.html/.test(message), `the overlay does not name the broken template: ${message}`);
    check(!(await reloaded()), "the page reloaded on a failed build instead of showing the error over itself");
    console.log(`break templates/topic.html: the overlay appeared after ${Date.now() - started} ms: ${JSON.stringify(message.split("\n").filter(Boolean).slice(0, 3).join(" / "))}`);
  } catch (e) {
    check(false, `no #gazette-error overlay within ${SECONDS} s of breaking the template: ${e.message.split("\n")[0]}`);
  }

  // 3. Fix it: the page reloads, and the overlay is gone.
  stream = listening();
  started = Date.now();
  fs.writeFileSync(template, good);
  try {
    await tab.waitForFunction(() => window.__beforeChange === undefined && document.readyState === "complete", null, { timeout });
    await stream;
    check((await tab.$("#gazette-error")) === null, "the overlay is still there after the fix");
    check((await tab.textContent(".article-body")).includes(sentence), "after the fix the page lost the edited sentence");
    console.log(`fix templates/topic.html: the page reloaded without the overlay after ${Date.now() - started} ms`);
  } catch (e) {
    check(false, `the page did not reload within ${SECONDS} s of fixing the template: ${e.message.split("\n")[0]}`);
  }
  check(problems.length === 0, `console errors: ${problems.join(" | ")}`);
} finally {
  await browser.close();
  server.kill("SIGINT");
  const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 5000))]);
  if (!stopped) {
    server.kill("SIGKILL");
    await exited;
  }
  check(stopped, "gazette serve did not stop within 5 s of Ctrl-C (killed)");
  fs.rmSync(root, { recursive: true, force: true });
}
done("live reload (gazette serve)");
