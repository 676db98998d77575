#!/usr/bin/env python3
"""Measures how long `gazette serve` takes from saving an article to sending
the reload event.

    python3 bench/serve_latency.py GAZETTE ROOT ARTICLE TRIALS

Starts `GAZETTE serve --port 0 --root ROOT`, reads its URL from the first
line of standard output (printed once the first build is done), subscribes
to URL/__gazette/events (server-sent events), then TRIALS times: rewrites
ARTICLE in place with one body paragraph changed, and waits for the
`event: reload` line. The time runs from just before the file is opened for
writing to the moment the event's line arrives. ARTICLE is restored at the
end; it must not be a hard link shared with another site (the write is in
place). The server is stopped with SIGINT, as Ctrl-C would.

Prints one line per trial and a final line of key=value figures for
bench/incremental.sh: startup_s (spawn to URL: the first build), median_ms,
min_ms, max_ms, rebuild_ms (the median of the server's own "rebuilt in"
times) and rss_mb (the server's peak resident memory, VmHWM).
"""

import http.client
import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse


def edited(original, tag):
    """The article with its fourth paragraph line (never the headline or the
    lead) changed by a tag: a typo fix. bench/incremental.sh uses it too."""
    lines = original.split("\n")
    seen = 0
    for i, line in enumerate(lines):
        if line.endswith(".") and len(line) > 60:
            seen += 1
            if seen == 4:
                lines[i] = line[:-1] + f", corrected in {tag}."
                return "\n".join(lines)
    raise SystemExit("no paragraph to edit in the article")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    gazette, root, article, trials = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with open(article, encoding="utf-8") as f:
        original = f.read()

    stderr_lines = []
    t0 = time.monotonic()
    proc = subprocess.Popen([gazette, "serve", "--port", "0", "--root", root],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def drain_stderr():
        for line in proc.stderr:
            stderr_lines.append(line.rstrip("\n"))

    threading.Thread(target=drain_stderr, daemon=True).start()
    url = proc.stdout.readline().strip()
    startup = time.monotonic() - t0
    if not url:
        proc.wait()
        sys.exit("gazette serve printed no URL:\n" + "\n".join(stderr_lines[-20:]))
    parsed = urllib.parse.urlparse(url)

    events = queue.Queue()
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=600)
    conn.request("GET", "/__gazette/events", headers={"Accept": "text/event-stream"})
    sock = conn.sock
    resp = conn.getresponse()
    if resp.status != 200:
        sys.exit(f"events: HTTP {resp.status}")

    def read_events():
        while True:
            line = resp.fp.readline()
            if not line:
                return
            if line.startswith(b"event:"):
                events.put((time.monotonic(), line.decode().split(":", 1)[1].strip()))

    threading.Thread(target=read_events, daemon=True).start()
    time.sleep(0.5)

    latencies = []
    try:
        for trial in range(1, trials + 1):
            text = edited(original, f"trial {trial}")
            start = time.monotonic()
            with open(article, "w", encoding="utf-8") as f:
                f.write(text)
            try:
                at, kind = events.get(timeout=300)
            except queue.Empty:
                print(f"trial {trial}: no event within 300 s")
                continue
            ms = (at - start) * 1000
            if kind != "reload":
                print(f"trial {trial}: got {kind!r} instead of reload")
                continue
            latencies.append(ms)
            print(f"trial {trial}: reload after {ms:.0f} ms")
            # Let the watcher settle so that trials do not merge.
            time.sleep(1.0)
            while not events.empty():
                print(f"  (an extra event: {events.get()[1]})")
    finally:
        with open(article, "w", encoding="utf-8") as f:
            f.write(original)
        rss_mb = 0.0
        try:
            with open(f"/proc/{proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        rss_mb = int(line.split()[1]) / 1024
        except OSError:
            pass
        time.sleep(1.0)  # the restore's rebuild
        # Close the event stream first: gazette serve's graceful shutdown
        # waits for open connections, so with it open Ctrl-C never returns
        # (and a killed server leaves its temporary build folder behind).
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        conn.close()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print("gazette serve did not stop within 30 s of SIGINT; killed it")
            proc.kill()
            proc.wait()

    rebuilds = [int(m[1]) for line in stderr_lines if (m := re.match(r"rebuilt in (\d+) ms", line))]
    # The first "rebuilt" line is the initial build; the others are the trials.
    trial_rebuilds = rebuilds[1:1 + trials]
    for line in stderr_lines:
        if line.startswith("rebuilt in"):
            print(f"  server: {line}")
    if not latencies:
        sys.exit("no reload event arrived")
    print(f"startup_s={startup:.2f} median_ms={statistics.median(latencies):.0f} "
          f"min_ms={min(latencies):.0f} max_ms={max(latencies):.0f} "
          f"rebuild_ms={statistics.median(trial_rebuilds) if trial_rebuilds else float('nan'):.0f} "
          f"rss_mb={rss_mb:.0f} trials={len(latencies)}")


if __name__ == "__main__":
    main()
