#!/usr/bin/env python3
"""Build-speed benchmark: guidebook against itself at growing sizes, and against Hugo
and mdBook on the same corpus where they are installed.

For each size N (default 100, 1000 and 10000 pages) it writes a corpus with
make_corpus.py (beside this script) from a seed guide, copies the repo's
concepts.yaml into it so every feature runs (diagrams, concepts, cross-links,
handouts), then times:

  guidebook cold   into an empty output folder
  guidebook warm   over the previous output (the usual rebuild)
  hugo, mdbook     their own rebuild over their previous output

reporting wall time (median, min-max), CPU time (user+sys), peak memory (the
process's maximum resident set) and output size. It also times the shipped
guide, then prints the ratios and whether each target of the speed issue is met.

Search is measured too: the build with and without its index (`search: false`),
in pairs of builds one after the other, at each size (the median of the pairs'
ratios); the bytes a query loads at the largest size (the index
files and the search script, read in headless Chromium by search_load.mjs when Node,
e2e/node_modules and Chromium are there); and the shipped guide's whole index plus
script.

The seed is, by default, this repo's guide/ joined into one file (one section per
page); --seed-guide takes another single-file guide instead. Everything goes under
--work (default target/bench), which the script owns and clears as it needs.

Usage: scripts/bench/bench.py [--sizes 100,1000,10000] [--runs 3] [--pairs 15]
                              [--seed-guide FILE] [--peers hugo,mdbook]
                              [--work DIR] [--no-build] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BINARY = REPO / "target" / "release" / "guidebook"
# A build slower than this is timed once: repeating mdBook at 10,000 pages takes minutes.
SLOW_SECONDS = 30.0


@dataclass
class Run:
    wall: float
    cpu: float
    rss_kib: int


@dataclass
class Cell:
    tool: str
    mode: str
    runs: list[Run]
    size: int = 0
    files: int = 0

    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    def rss_mib(self) -> float:
        return statistics.median(r.rss_kib for r in self.runs) / 1024


def timed(cmd: list[str], cwd: Path | None = None) -> Run:
    """Runs `cmd` to completion; its wall time, CPU time and peak memory. What earlier
    runs wrote is flushed first, so that its writing back does not slow this one."""
    os.sync()
    # A file, not a pipe: a build that warns a lot would fill a pipe nobody reads yet.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def repeat(cmd: list[str], runs: int, cwd: Path | None = None) -> list[Run]:
    first = timed(cmd, cwd)
    if first.wall > SLOW_SECONDS:
        return [first]
    return [first] + [timed(cmd, cwd) for _ in range(runs - 1)]


def tree_size(root: Path, skip: str | None = None) -> tuple[int, int]:
    """Bytes and files under `root` (leaving out folders named `skip`)."""
    size = files = 0
    for folder, dirs, names in os.walk(root):
        if skip in dirs:
            dirs.remove(skip)
        for name in names:
            size += os.path.getsize(os.path.join(folder, name))
            files += 1
    return size, files


def seed_from_guide(guide: Path, out: Path) -> Path:
    """The repo's guide as one markdown file, a `###` section per page, its links to
    other pages turned to plain text."""
    def key(path: Path):
        rel = path.relative_to(guide)
        return (rel.parent.parts, path.name != "index.md", path.name)

    sections = []
    for page in sorted(guide.rglob("*.md"), key=key):
        text = page.read_text(encoding="utf-8")
        title = None
        if text.startswith("---\n"):
            front, _, text = text[4:].partition("\n---\n")
            match = re.search(r"^title:\s*(.+)$", front, re.M)
            title = match and match.group(1).strip().strip("\"'")
        heading = re.match(r"\s*# (.+)\n", text)
        if heading:
            title = title or heading.group(1).strip()
            text = text[heading.end():]
        # Links between the guide's pages would break in the corpus, which adds its own.
        text = re.sub(r"\[([^\]]+)\]\((?![a-z]+:)[^)]*\)", r"\1", text)
        text = re.sub(r"\[\[([^\]|#]+)[^\]]*\]\]", r"\1", text)
        sections.append(f"### {title or page.stem}\n\n{text.strip()}\n")
    out.write_text("# Seed\n\n" + "\n".join(sections), encoding="utf-8")
    return out


def make_corpus(n: int, work: Path, seed: Path, layouts: list[str]) -> Path:
    corpus = work / f"corpus-{n}"
    if corpus.exists():
        shutil.rmtree(corpus)
    subprocess.run(
        [sys.executable, str(HERE / "make_corpus.py"), str(n), str(corpus),
         "--guide", str(seed), "--layouts", ",".join(layouts)],
        check=True, stdout=subprocess.DEVNULL,
    )
    shutil.copy(REPO / "guide" / "concepts.yaml", corpus / "plain" / "guide" / "concepts.yaml")
    return corpus


def question_corpus(corpus: Path) -> Path:
    """The corpus with every page a question: related questions, concept chips and a
    handout per page, the work a guide of questions adds over plain pages."""
    layout = corpus / "questions"
    shutil.copytree(corpus / "plain" / "guide", layout / "guide")
    for page in (layout / "guide").rglob("*.md"):
        if page.name == "index.md":
            continue
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = "---\nkind: question\n" + text[4:]
        else:
            text = "---\nkind: question\n---\n" + text
        page.write_text(text, encoding="utf-8")
    return layout


def warm_build(layout: Path, runs: int, tool: str) -> Cell:
    guide, out = layout / "guide", layout / "public"
    cmd = [str(BINARY), "build", "--guide", str(guide), "--out", str(out)]
    for _ in range(2):  # the output, then its spare copy: a warm build has both
        timed(cmd)
    cell = Cell(tool, "warm", repeat(cmd, runs))
    cell.size, cell.files = tree_size(out)
    return cell


def interleaved(layout: Path, binaries: dict[str, Path], runs: int) -> list[Cell]:
    """Warm builds of `layout` by each binary in turn, run after run, each into its own
    output: binaries compared this way meet the same load on a shared machine."""
    guide = layout / "guide"
    cmds = {tool: [str(binary), "build", "--guide", str(guide), "--out", str(layout / f"public-{tool}")]
            for tool, binary in binaries.items()}
    for cmd in cmds.values():
        for _ in range(2):
            timed(cmd)
    got: dict[str, list[Run]] = {tool: [] for tool in cmds}
    for _ in range(runs):
        for tool, cmd in cmds.items():
            got[tool].append(timed(cmd))
    cells = [Cell(tool, "warm", r) for tool, r in got.items()]
    for cell in cells:
        cell.size, cell.files = tree_size(layout / f"public-{cell.tool}")
    return cells


def bench_guidebook(corpus: Path, runs: int, baseline: Path | None = None) -> list[Cell]:
    guide = corpus / "plain" / "guide"
    build = lambda out: [str(BINARY), "build", "--guide", str(guide), "--out", str(out)]
    cold_runs = []
    for i in range(runs):
        fresh = corpus / f"cold-{i}"
        cold_runs.append(timed(build(fresh / "public")))
        shutil.rmtree(fresh)
    if baseline:
        warm, base = interleaved(corpus / "plain", {"guidebook": BINARY, "baseline": baseline}, runs)
        questions, base_q = interleaved(
            question_corpus(corpus), {"gb-questions": BINARY, "base-questions": baseline}, runs)
        extra = [base, base_q]
    else:
        warm = warm_build(corpus / "plain", runs, "guidebook")
        questions = warm_build(question_corpus(corpus), runs, "gb-questions")
        extra = []
    cold = Cell("guidebook", "cold", cold_runs, warm.size, warm.files)
    return [cold, warm, questions] + extra


def search_overhead(layout: Path, runs: int) -> list[Cell]:
    """Warm builds of the guide with and without the search index (a copy of the guide
    with `search: false` in guide.yaml), each into its own output, one after the other
    run after run, alternating which goes first. Each pair meets the same moment of a
    shared machine, so `paired_change` compares them pair by pair: a machine whose speed
    drifts over minutes, or swings for seconds, moves both builds of a pair alike."""
    guide = layout / "guide"
    off = layout / "guide-search-off"
    if off.exists():
        shutil.rmtree(off)
    shutil.copytree(guide, off)
    with open(off / "guide.yaml", "a", encoding="utf-8") as yaml:
        yaml.write("\nsearch: false\n")
    guides = {"search-on": guide, "search-off": off}
    cmds = {tool: [str(BINARY), "build", "--guide", str(g), "--out", str(layout / f"public-{tool}")]
            for tool, g in guides.items()}
    for cmd in cmds.values():
        for _ in range(2):  # the output, then its spare copy: a warm build has both
            timed(cmd)
    got: dict[str, list[Run]] = {tool: [] for tool in cmds}
    for i in range(runs):
        order = list(cmds) if i % 2 == 0 else list(reversed(cmds))
        for tool in order:
            got[tool].append(timed(cmds[tool]))
    cells = [Cell(tool, "warm", r) for tool, r in got.items()]
    for cell in cells:
        cell.size, cell.files = tree_size(layout / f"public-{cell.tool}")
    return cells


def paired_change(on: list[Run], off: list[Run], key) -> float:
    """The median, over pairs of runs made one after the other, of how much longer the
    first took than the second."""
    return statistics.median(key(a) / key(b) for a, b in zip(on, off)) - 1


SEARCH_QUERIES = ["kafka", "idempotent writes", "data", "partitoning", "schema registry",
                  "star method", "st"]


def search_loads(site: Path) -> dict[str, int] | None:
    """Bytes of index and script each query in SEARCH_QUERIES loads, or None when there
    is no browser to ask."""
    script = HERE / "search_load.mjs"
    ready = (shutil.which("node") and (REPO / "e2e" / "node_modules" / "playwright-core").exists()
             and any(Path(p).exists() for p in (os.environ.get("CHROMIUM", ""), "/usr/bin/chromium")))
    if not ready:
        return None
    out = subprocess.run(["node", str(script), str(site), *SEARCH_QUERIES],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def search_files_size(site: Path) -> int:
    """The whole search index of a built site, with its script."""
    files = list((site / "search").rglob("*.js")) + list((site / "static").glob("search.*.js"))
    return sum(f.stat().st_size for f in files)


def bench_peer(name: str, binary: str, corpus: Path, runs: int) -> Cell:
    if name == "hugo":
        cmd, out = [binary, "--quiet", "--source", str(corpus / "hugo")], corpus / "hugo" / "public"
    else:
        cmd, out = [binary, "build", str(corpus / "mdbook")], corpus / "mdbook" / "book"
    timed(cmd)
    cell = Cell(name, "warm", repeat(cmd, runs))
    cell.size, cell.files = tree_size(out)
    return cell


def shipped_guide(work: Path, runs: int = 20) -> tuple[float, int]:
    """The shipped guide's build time, and the size of its search index and script."""
    out = work / "shipped" / "public"
    cmd = [str(BINARY), "build", "--guide", str(REPO / "guide"), "--out", str(out)]
    wall = statistics.median(timed(cmd).wall for _ in range(runs))
    return wall, search_files_size(out)


def handout_pdfs(work: Path, runs: int = 3) -> tuple[float, int] | None:
    """How long `guidebook pdf` takes for every handout of the shipped guide (the whole
    command: build and print), and how many PDFs it makes; None without Chromium."""
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        return None
    out = work / "shipped-pdf" / "public"
    cmd = [str(BINARY), "pdf", "--guide", str(REPO / "guide"), "--out", str(out)]
    wall = statistics.median(timed(cmd).wall for _ in range(runs))
    return wall, len(list((out / "handouts").glob("*.pdf")))


def row(n: int, cell: Cell) -> str:
    walls = [r.wall for r in cell.runs]
    return (f"| {n:>6} | {cell.tool:<12} | {cell.mode:<4} | {cell.wall():7.3f} "
            f"({min(walls):.3f}-{max(walls):.3f}) | {cell.cpu():7.3f} | "
            f"{cell.rss_mib():7.1f} | {cell.size / 2**20:8.1f} | {cell.files:>6} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pairs", type=int, default=15,
                    help="pairs of builds with and without search, for what the index adds")
    ap.add_argument("--seed-guide", type=Path, help="a single-file guide to build the corpus from")
    ap.add_argument("--peers", default="hugo,mdbook", help="peers to time where installed")
    ap.add_argument("--work", type=Path, default=REPO / "target" / "bench")
    ap.add_argument("--no-build", action="store_true", help="use target/release/guidebook as it is")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--baseline", type=Path,
                    help="another guidebook binary (an older build) to time, interleaved, beside this one")
    a = ap.parse_args()

    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    a.work.mkdir(parents=True, exist_ok=True)
    seed = a.seed_guide or seed_from_guide(REPO / "guide", a.work / "seed.md")
    peers = {p: shutil.which(p) for p in a.peers.split(",") if p}
    peers = {p: b for p, b in peers.items() if b}
    layouts = ["plain"] + list(peers)
    sizes = [int(s) for s in a.sizes.split(",")]

    print(f"# guidebook build benchmark, {os.cpu_count()} cores, {a.runs} runs a cell, "
          f"seed {seed.name}; peers: {', '.join(peers) or 'none installed'}")
    print("|      N | tool         | mode | wall s median (min-max) |   cpu s | peak MiB | out MiB  |  files |")
    print("|--------|--------------|------|-------------------------|---------|----------|----------|--------|")
    results: dict[int, dict[str, Cell]] = {}
    for n in sizes:
        corpus = make_corpus(n, a.work, seed, layouts)
        cells = bench_guidebook(corpus, a.runs, a.baseline)
        cells += search_overhead(corpus / "plain", a.pairs)
        cells += [bench_peer(p, b, corpus, a.runs) for p, b in peers.items()]
        results[n] = {f"{c.tool} {c.mode}": c for c in cells}
        for cell in cells:
            print(row(n, cell), flush=True)
    shipped = shipped_guide(a.work)
    pdfs = handout_pdfs(a.work)
    largest = a.work / f"corpus-{max(sizes)}" / "plain" / "public-search-on"
    loads = search_loads(largest)
    print()
    return report(results, shipped, pdfs, (max(sizes), loads), a.check)


def report(results: dict[int, dict[str, Cell]], shipped: tuple[float, int],
           pdfs: tuple[float, int] | None,
           loads: tuple[int, dict[str, int] | None], check: bool) -> int:
    verdicts = []

    def target(ok: bool, text: str) -> None:
        verdicts.append(ok)
        print(f"{'met   ' if ok else 'MISSED'}  {text}")

    for n, cells in results.items():
        ours = cells["guidebook warm"].wall()
        for tool, base in (("guidebook", "baseline"), ("gb-questions", "base-questions")):
            if f"{base} warm" in cells:
                change = cells[f"{tool} warm"].wall() / cells[f"{base} warm"].wall() - 1
                target(change <= 0.05, f"N={n}: {tool} warm {change:+.1%} against the baseline (5% at most)")
        for peer in ("hugo", "mdbook"):
            if f"{peer} warm" in cells:
                ratio = cells[f"{peer} warm"].wall() / ours
                print(f"N={n}: {peer} takes {ratio:.1f}x guidebook's time (warm)")
    shipped_wall, shipped_search = shipped
    target(shipped_wall < 0.030, f"the shipped guide builds in {shipped_wall * 1000:.1f} ms (under 30 ms)")
    target(shipped_search < 50 * 1024,
           f"the shipped guide's search index and script: {shipped_search / 1024:.1f} KB (under 50 KB)")
    if pdfs is None:
        print("the handout PDFs: not timed (needs Chromium)")
    else:
        wall, count = pdfs
        target(wall < 3.0, f"guidebook pdf prints the shipped guide's {count} handouts in "
                           f"{wall:.2f} s, build included (under 3 s on 2 cores; 15 s before "
                           f"one browser printed them all)")
    for n, cells in results.items():
        on, off = cells["search-on warm"], cells["search-off warm"]
        share = paired_change(on.runs, off.runs, lambda r: r.wall)
        cpu = paired_change(on.runs, off.runs, lambda r: r.cpu)
        text = (f"N={n}: the search index adds {share:+.1%} to the build, median of "
                f"{len(on.runs)} pairs ({on.wall():.3f} s against {off.wall():.3f} s; "
                f"CPU time {cpu:+.1%})")
        if n >= 10000:
            target(share < 0.10, text + " (under 10%)")
        else:
            print(text)
    n, per_query = loads
    if per_query is None:
        print(f"N={n}: bytes a query loads not measured (needs node, e2e/node_modules and Chromium)")
    else:
        for query, size in per_query.items():
            print(f"N={n}: searching \"{query}\" loads {size / 1024:.1f} KB of index and script")
        worst = max(per_query.values())
        target(n < 10000 or worst < 300 * 1024,
               f"N={n}: a query loads at most {worst / 1024:.1f} KB (under 300 KB at 10,000 pages)")
    big = results.get(10000)
    if big and "hugo warm" in big:
        ratio = big["hugo warm"].wall() / big["guidebook warm"].wall()
        target(ratio >= 2, f"at 10,000 pages, warm, {ratio:.2f}x faster than Hugo (2x or more)")
        ratio = big["hugo warm"].wall() / big["gb-questions warm"].wall()
        target(ratio >= 2, f"at 10,000 question pages, warm, {ratio:.2f}x faster than Hugo")
    if big:
        rss = big["guidebook warm"].rss_mib()
        target(rss < 150, f"at 10,000 pages, peak memory {rss:.0f} MiB (under 150 MiB)")
    if 1000 in results and big:
        small = results[1000]["guidebook warm"]
        large = big["guidebook warm"]
        time_growth = large.wall() / small.wall()
        size_growth = large.size / small.size
        target(time_growth <= 11, f"1,000 -> 10,000 pages: time grows {time_growth:.1f}x (11x at most)")
        target(size_growth <= 11, f"1,000 -> 10,000 pages: output grows {size_growth:.1f}x (11x at most)")
    return 1 if check and not all(verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
