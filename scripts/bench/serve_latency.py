#!/usr/bin/env python3
"""Save-to-reload benchmark for `guidebook serve`: how long after a page's file is saved
an open page is told to reload, beside a full `guidebook build` of the same guide.

For the shipped guide and a generated guide of --pages pages (make_corpus.py, as in
bench.py), it copies the guide, starts `guidebook serve --port 0` on the copy, listens
to the reload events as an open page does, then saves --edits one-paragraph edits of
one page, each after the last reload has settled. Each figure runs from just before
the file is written to the moment the reload event arrives: the file watcher, the
rebuild and the event, as an author sees them. The server's own figure (from the file
event it saw) is reported beside it.

Targets (issue 15): under 50 ms on the shipped guide, under 100 ms on 10,000 pages.

Usage: scripts/bench/serve_latency.py [--pages 10000] [--edits 9] [--work DIR]
                                      [--no-build] [--check]
"""

from __future__ import annotations

import argparse
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import BINARY, REPO, make_corpus, seed_from_guide, timed  # noqa: E402

# Longer than any rebuild: a reload that takes this long is reported as lost.
WAIT_SECONDS = 120.0
SETTLE_SECONDS = 0.3


class Served:
    """`guidebook serve` on a guide, with a listener on its event stream."""

    def __init__(self, guide: Path):
        self.proc = subprocess.Popen(
            [str(BINARY), "serve", "--guide", str(guide), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.events: queue.Queue[tuple[str, float]] = queue.Queue()
        address = None
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            found = re.search(r"at http://([\d.]+):(\d+)/", line)
            if found:
                address = (found.group(1), int(found.group(2)))
                break
        if address is None:
            sys.exit("guidebook serve stopped before giving its address")
        threading.Thread(target=self._read_lines, daemon=True).start()
        self._listen(address)
        name, _ = self.events.get(timeout=WAIT_SECONDS)
        assert name == "version", name

    def _read_lines(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def _listen(self, address: tuple[str, int]) -> None:
        sock = socket.create_connection(address)
        host = f"{address[0]}:{address[1]}"
        sock.sendall(f"GET /__guidebook/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())

        def read() -> None:
            name = ""
            for raw in sock.makefile("rb"):
                line = raw.decode(errors="replace").rstrip("\r\n")
                if line.startswith("event: "):
                    name = line[len("event: "):]
                elif not line and name:
                    self.events.put((name, time.perf_counter()))
                    name = ""

        threading.Thread(target=read, daemon=True).start()

    def reload_after(self, save) -> tuple[float, float | None]:
        """Seconds from just before `save()` to the reload event, and the server's own
        figure in seconds (from the file event it saw), when it printed one."""
        while not self.events.empty():
            self.events.get_nowait()
        while not self.lines.empty():
            self.lines.get_nowait()
        start = time.perf_counter()
        save()
        while True:
            name, at = self.events.get(timeout=WAIT_SECONDS)
            if name == "reload":
                break
            if name == "problems":
                sys.exit("the edit broke the build")
        own = None
        deadline = time.perf_counter() + 1.0
        while own is None and time.perf_counter() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            found = re.search(r"reload sent (\d+) ms after the change", line)
            own = int(found.group(1)) / 1000 if found else None
        return at - start, own

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def edited_page(guide: Path) -> Path:
    """The page to edit: the largest page that is not a part's index, so the edit
    goes through diagrams, related questions, concept mentions and handouts."""
    pages = [p for p in guide.rglob("*.md") if p.name not in ("index.md", "README.md")]
    return max(pages, key=lambda p: (p.stat().st_size, str(p)))


def measure(name: str, source: Path, work: Path, edits: int) -> dict:
    guide = work / f"serve-{name}" / "guide"
    if guide.parent.exists():
        shutil.rmtree(guide.parent)
    shutil.copytree(source, guide)
    out = guide.parent / "public"
    build = [str(BINARY), "build", "--guide", str(guide), "--out", str(out)]
    timed(build)
    full = statistics.median(timed(build).wall for _ in range(3))
    page = edited_page(guide)
    original = page.read_text(encoding="utf-8")
    served = Served(guide)
    try:
        runs = {kind: timed_edits(served, page, original, kind, edits) for kind in EDITS}
    finally:
        served.stop()
    return {"name": name, "page": page.relative_to(guide), "runs": runs, "full": full}


# What each edit appends to the page: a paragraph (the target), a link to the
# part's page (its backlinks change), a concept named (its concept page changes).
EDITS = {
    "paragraph": "A paragraph the benchmark rewrites, edit {i}.",
    "link": "A paragraph that links to [the part](index.md), edit {i}.",
    "concept": "A paragraph that names Kafka, edit {i}.",
}


def timed_edits(served: Served, page: Path, original: str, kind: str, edits: int):
    times, own = [], []
    for i in range(edits):
        text = original + "\n\n" + EDITS[kind].format(i=i) + "\n"
        took, server = served.reload_after(lambda: page.write_text(text, encoding="utf-8"))
        times.append(took)
        if server is not None:
            own.append(server)
        time.sleep(SETTLE_SECONDS)
    served.reload_after(lambda: page.write_text(original, encoding="utf-8"))
    time.sleep(SETTLE_SECONDS)
    return times, own


def report(result: dict, limit: float) -> bool:
    ok = True
    for kind, (times, own) in result["runs"].items():
        median = statistics.median(times)
        own_text = f"; server's own figure {statistics.median(own) * 1000:.0f} ms" if own else ""
        text = (f"{result['name']}: save to reload for a {kind} edit {median * 1000:.0f} ms "
                f"median ({min(times) * 1000:.0f}-{max(times) * 1000:.0f}) over {len(times)} "
                f"edits of {result['page']}{own_text}; a full build takes "
                f"{result['full'] * 1000:.0f} ms")
        if kind == "paragraph":
            ok = median < limit
            print(f"{'met   ' if ok else 'MISSED'}  {text} (under {limit * 1000:.0f} ms)")
        else:
            print(f"        {text}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10000, help="size of the generated guide")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--work", type=Path, default=REPO / "target" / "bench")
    ap.add_argument("--no-build", action="store_true", help="use target/release/guidebook as it is")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    a = ap.parse_args()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    a.work.mkdir(parents=True, exist_ok=True)
    verdicts = [report(measure("shipped guide", REPO / "guide", a.work, a.edits), 0.050)]
    seed = seed_from_guide(REPO / "guide", a.work / "seed.md")
    corpus = make_corpus(a.pages, a.work, seed, ["plain"])
    generated = measure(f"{a.pages} pages", corpus / "plain" / "guide", a.work, a.edits)
    verdicts.append(report(generated, 0.100))
    return 1 if a.check and not all(verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
