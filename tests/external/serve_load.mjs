// The dev server under load, on loopback: 20,000 requests over 200
// concurrent connections while an article is edited again and again (so the
// server rebuilds under the load), with 500 idle connections held open the
// whole time. No request may fail, the server must not crash, and its memory
// must stay bounded.
//
// Usage: node serve_load.mjs GAZETTE_BINARY SITE_DIR ARTICLE_FILE
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";

const [bin, root, articleFile] = process.argv.slice(2);
const TOTAL = 20000, CONCURRENCY = 200, IDLE = 500, MAX_RSS_MIB = 400;
let failures = 0;
const fail = (m) => { failures += 1; if (failures <= 20) console.log("FAIL:", m); };

const server = spawn(bin, ["serve", "--port", "0", "-q", "--root", root], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  server.stdout.once("data", (d) => resolve(d.toString().split("\n")[0].trim()));
  server.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
});
const { hostname, port } = new URL(base);
const memory = (field) => Number((fs.readFileSync(`/proc/${server.pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`)) || [0, 0])[1]) / 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(p, useAgent = true) {
  return new Promise((resolve) => {
    const req = http.get({ hostname, port, path: p, agent: useAgent ? agent : false, timeout: 15000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve(`error ${e.message}`));
  });
}

// What to ask for: pages linked from the home page, assets and a miss.
const home = await (await fetch(base)).text();
const links = [...new Set([...home.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1]))];
const paths = [...links, "/style.css", "/search.js", "/no-such-page/"];
const expected = (p) => (p === "/no-such-page/" ? 404 : 200);
console.log(`load: ${paths.length} distinct paths, baseline RSS ${memory("VmRSS").toFixed(1)} MiB`);

// 500 idle connections that never send a request.
const idle = await Promise.all(Array.from({ length: IDLE }, () => new Promise((resolve) => {
  const s = net.connect(Number(port), hostname, () => resolve(s));
  s.on("error", () => resolve(s));
})));
const started = Date.now();
const status = await get("/", false);
const idleLatency = Date.now() - started;
if (status !== 200 || idleLatency > 2000) fail(`with ${IDLE} idle connections a request took ${idleLatency} ms (status ${status})`);

// Edit an article every 150 ms while the load runs.
const original = fs.readFileSync(articleFile, "utf8");
let edits = 0;
const editor = setInterval(() => {
  edits += 1;
  fs.writeFileSync(articleFile, original.replace(/\n\n/, `\n\nEdit number ${edits} of the load test.\n\n`));
}, 150);

let sent = 0, done = 0;
const loadStarted = Date.now();
async function worker() {
  while (sent < TOTAL) {
    const p = paths[sent % paths.length];
    sent += 1;
    const got = await get(p);
    done += 1;
    if (got !== expected(p)) fail(`${p} answered ${got}`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
clearInterval(editor);
fs.writeFileSync(articleFile, original);
const seconds = (Date.now() - loadStarted) / 1000;

const alive = server.exitCode === null;
if (!alive) fail(`the server exited with ${server.exitCode}`);
const peak = memory("VmHWM");
if (peak > MAX_RSS_MIB) fail(`peak RSS ${peak.toFixed(1)} MiB is over ${MAX_RSS_MIB} MiB`);
console.log(`load: ${done} requests over ${CONCURRENCY} connections in ${seconds.toFixed(1)} s (${Math.round(done / seconds)}/s) ` +
  `during ${edits} edits; ${IDLE} idle connections, a request among them took ${idleLatency} ms; peak RSS ${peak.toFixed(1)} MiB; ${failures} failures`);
for (const s of idle) s.destroy();
agent.destroy();
server.kill("SIGINT");
await new Promise((r) => server.once("exit", r));
if (failures) { console.log("serve under load: FAILED"); process.exit(1); }
console.log("serve under load: all checks passed");
