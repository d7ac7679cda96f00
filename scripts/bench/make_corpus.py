#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus of N markdown pages from the seed guide.

The seed guide (a single markdown file, --guide) is split at its level-3 ('### ') headings
(outside fenced code blocks) into sections.  Page i (1-based) takes the body of
section (i-1) % len(sections), gets a unique title "Question i: <section title>"
and slug "q0000i-<section-slug>", and links to 3 other pages (picked with a
seeded PRNG) by relative link.  Pages are grouped into parts of PER_PART pages
(part-001, part-002, ...).

The same corpus is written in four layouts under OUT:

  OUT/mdbook/  book.toml, src/SUMMARY.md, src/part-XXX/<slug>.md
  OUT/hugo/    hugo.toml, content/{_index.md, part-XXX/_index.md, part-XXX/<slug>.md},
               layouts/ (minimal templates written here, no theme)
  OUT/zola/    config.toml, content/{_index.md, part-XXX/_index.md, part-XXX/<slug>.md}
               (TOML front matter), templates/ (minimal, written here)
  OUT/plain/   guide/{guide.yaml,index.md,part-XXX/index.md,part-XXX/<slug>.md}, YAML front matter (title, order)

Only the Python standard library is used; the output is byte-identical for the
same (N, seed, per-part, seed guide).

Usage: make_corpus.py N OUT [--seed 42] [--per-part 50] [--guide PATH]
                            [--layouts mdbook,hugo,zola,plain]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import unicodedata

LAYOUTS = ("mdbook", "hugo", "zola", "plain")
LINKS_PER_PAGE = 3

FENCE_RE = re.compile(r"^\s*(```|~~~)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


# --------------------------------------------------------------------------- parsing

def clean_title(raw: str) -> str:
    """Strip leading emoji/symbols and an existing 'Question N:' prefix."""
    t = raw.strip()
    # drop leading characters that are not letters/digits (emoji, punctuation)
    while t and not (t[0].isalnum() or t[0] in "\"'("):
        t = t[1:].lstrip()
    t = re.sub(r"^Question\s+\d+\s*:\s*", "", t)
    return t or "Untitled"


def slugify(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    t = re.sub(r"[^A-Za-z0-9]+", "-", t).strip("-").lower()
    return t or "page"


def split_sections(md: str) -> list[tuple[str, str]]:
    """Return [(title, body)] for every '### ' heading outside code fences.

    Text before the first '### ' heading (document title, overview) is dropped.
    Within a body, level-1/2 headings are demoted to level 2 so that the page
    title is the only h1 a page has.
    """
    sections: list[tuple[str, list[str]]] = []
    in_fence = False
    for line in md.splitlines():
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if not in_fence:
            m = HEADING_RE.match(line)
            if m and len(m.group(1)) == 3:
                sections.append((clean_title(m.group(2)), []))
                continue
            if m and len(m.group(1)) <= 2 and sections:
                line = "## " + m.group(2)
        if sections:
            sections[-1][1].append(line)
    out = []
    for title, lines in sections:
        # trim leading/trailing blank lines, trailing horizontal rules
        while lines and not lines[0].strip():
            lines.pop(0)
        # ... and headings left without content (e.g. a '## Part 2' that
        # introduces the next '###' section)
        while lines and (not lines[-1].strip() or lines[-1].strip() == "---"
                         or lines[-1].startswith("## ")):
            lines.pop()
        body = "\n".join(lines)
        if body.strip():
            out.append((title, body))
    return out


# --------------------------------------------------------------------------- model

class Page:
    __slots__ = ("num", "title", "slug", "part", "weight", "body", "links")

    def __init__(self, num, title, slug, part, weight, body):
        self.num = num
        self.title = title
        self.slug = slug
        self.part = part      # "part-001"
        self.weight = weight  # 1-based position inside its part
        self.body = body
        self.links: list[int] = []


def build_pages(n: int, seed: int, per_part: int, sections) -> list[Page]:
    width = max(5, len(str(n)))
    pages = []
    for i in range(1, n + 1):
        s_title, s_body = sections[(i - 1) % len(sections)]
        title = f"Question {i}: {s_title}"
        slug = f"q{i:0{width}d}-{slugify(s_title)}"
        part_no = (i - 1) // per_part + 1
        part = f"part-{part_no:03d}"
        weight = (i - 1) % per_part + 1
        pages.append(Page(i, title, slug, part, weight, s_body))
    rng = random.Random(seed)
    k = min(LINKS_PER_PAGE, n - 1)
    for p in pages:
        picks: list[int] = []
        while len(picks) < k:
            j = rng.randrange(n)
            if j != p.num - 1 and j not in picks:
                picks.append(j)
        p.links = picks
    return pages


def part_title(part: str) -> str:
    return "Part " + str(int(part.split("-")[1]))


def q(s: str) -> str:
    """Double-quoted string valid as YAML and as TOML basic string."""
    return json.dumps(s, ensure_ascii=False)


def page_markdown(p: Page, pages: list[Page], link_fn) -> str:
    """Body shared by all layouts; link_fn(src, dst) gives the relative href."""
    see_also = "\n".join(
        f"- [{pages[j].title}]({link_fn(p, pages[j])})" for j in p.links
    )
    return (
        f"*Page {p.num} of {len(pages)} in {part_title(p.part)}.*\n\n"
        f"{p.body}\n\n"
        f"## See also\n\n{see_also}\n"
    )


def md_rel(src: Page, dst: Page) -> str:
    """Relative link to the target .md file (mdBook, plain layout)."""
    if src.part == dst.part:
        return f"{dst.slug}.md"
    return f"../{dst.part}/{dst.slug}.md"


def url_rel(src: Page, dst: Page) -> str:
    """Relative link to the target's pretty URL /part-XXX/slug/ (Hugo, Zola)."""
    if src.part == dst.part:
        return f"../{dst.slug}/"
    return f"../../{dst.part}/{dst.slug}/"


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def parts_of(pages):
    parts: dict[str, list[Page]] = {}
    for p in pages:
        parts.setdefault(p.part, []).append(p)
    return parts


# --------------------------------------------------------------------------- layouts

def emit_mdbook(root: str, pages, parts) -> None:
    src = os.path.join(root, "src")
    write(os.path.join(root, "book.toml"),
          '[book]\ntitle = "Data Engineering Interview Guide (benchmark corpus)"\n'
          'authors = ["bench"]\nlanguage = "en"\nsrc = "src"\n\n'
          '[build]\nbuild-dir = "book"\n\n'
          '# output.html left at mdBook defaults (default theme, sidebar, search, print page)\n'
          '[output.html]\n')
    lines = ["# Summary", "", "[Introduction](README.md)", ""]
    for part, plist in parts.items():
        lines.append(f"# {part_title(part)}")
        lines.append("")
        os.makedirs(os.path.join(src, part), exist_ok=True)
        for p in plist:
            lines.append(f"- [{p.title}]({part}/{p.slug}.md)")
            write(os.path.join(src, part, p.slug + ".md"),
                  f"# {p.title}\n\n" + page_markdown(p, pages, md_rel))
        lines.append("")
    write(os.path.join(src, "SUMMARY.md"), "\n".join(lines))
    write(os.path.join(src, "README.md"),
          f"# Introduction\n\nBenchmark corpus of {len(pages)} pages in {len(parts)} parts.\n")


HUGO_SINGLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} - {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> / <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></header>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
</body>
</html>
"""

HUGO_LIST = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} - {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</main>
</body>
</html>
"""


def emit_hugo(root: str, pages, parts) -> None:
    content = os.path.join(root, "content")
    layouts = os.path.join(root, "layouts", "_default")
    os.makedirs(layouts, exist_ok=True)
    write(os.path.join(root, "hugo.toml"),
          'baseURL = "http://localhost/"\n'
          'languageCode = "en"\n'
          'title = "Data Engineering Interview Guide (benchmark corpus)"\n'
          '# no taxonomies are used; RSS is off (the other peers make no feed)\n'
          'disableKinds = ["taxonomy", "term", "RSS"]\n'
          'enableRobotsTXT = false\n')
    write(os.path.join(layouts, "single.html"), HUGO_SINGLE)
    write(os.path.join(layouts, "list.html"), HUGO_LIST)
    os.makedirs(content, exist_ok=True)
    write(os.path.join(content, "_index.md"),
          f'---\ntitle: "Home"\n---\nBenchmark corpus of {len(pages)} pages in {len(parts)} parts.\n')
    for part, plist in parts.items():
        d = os.path.join(content, part)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "_index.md"),
              f'---\ntitle: {q(part_title(part))}\nweight: {int(part[5:])}\n---\n')
        for p in plist:
            write(os.path.join(d, p.slug + ".md"),
                  f"---\ntitle: {q(p.title)}\nweight: {p.weight}\n---\n\n"
                  + page_markdown(p, pages, url_rel))


ZOLA_BASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{{ get_url(path="/") }}">{{ config.title }}</a></header>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
{% endblock content %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} - {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"""

ZOLA_INDEX = """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"""


def emit_zola(root: str, pages, parts) -> None:
    content = os.path.join(root, "content")
    templates = os.path.join(root, "templates")
    os.makedirs(templates, exist_ok=True)
    write(os.path.join(root, "config.toml"),
          'base_url = "http://localhost"\n'
          'title = "Data Engineering Interview Guide (benchmark corpus)"\n'
          'compile_sass = false\n'
          'build_search_index = false\n'
          'generate_feeds = false\n')
    write(os.path.join(templates, "base.html"), ZOLA_BASE)
    write(os.path.join(templates, "page.html"), ZOLA_PAGE)
    write(os.path.join(templates, "section.html"), ZOLA_SECTION)
    write(os.path.join(templates, "index.html"), ZOLA_INDEX)
    os.makedirs(content, exist_ok=True)
    write(os.path.join(content, "_index.md"),
          f'+++\ntitle = "Home"\nsort_by = "weight"\n+++\n'
          f'Benchmark corpus of {len(pages)} pages in {len(parts)} parts.\n')
    for part, plist in parts.items():
        d = os.path.join(content, part)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "_index.md"),
              f'+++\ntitle = {q(part_title(part))}\nweight = {int(part[5:])}\nsort_by = "weight"\n+++\n')
        for p in plist:
            write(os.path.join(d, p.slug + ".md"),
                  f"+++\ntitle = {q(p.title)}\nweight = {p.weight}\n+++\n\n"
                  + page_markdown(p, pages, url_rel))


def emit_plain(root: str, pages, parts) -> None:
    """guidebook's layout: guide.yaml, a home page, a part index per part, pages
    with YAML front matter (title, order), as in the project's PRODUCT.md."""
    guide = os.path.join(root, "guide")
    os.makedirs(guide, exist_ok=True)
    write(os.path.join(guide, "guide.yaml"), f"title: {q('Benchmark guide, %d pages' % len(pages))}\n")
    write(os.path.join(guide, "index.md"), "---\ntitle: Home\n---\n\nA generated guide.\n")
    for part, plist in parts.items():
        d = os.path.join(guide, part)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "index.md"),
              f"---\ntitle: {q(part_title(part))}\norder: {int(part[5:])}\n---\n")
        for p in plist:
            write(os.path.join(d, p.slug + ".md"),
                  f"---\ntitle: {q(p.title)}\norder: {p.weight}\n---\n\n"
                  + page_markdown(p, pages, md_rel))


EMITTERS = {"mdbook": emit_mdbook, "hugo": emit_hugo, "zola": emit_zola, "plain": emit_plain}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("out", help="output directory (one sub-directory per layout)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--per-part", type=int, default=50, help="pages per part/section (default 50)")
    ap.add_argument("--guide", required=True, help="the seed guide, one markdown file")
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    ap.add_argument("--force", action="store_true", help="replace existing layout directories")
    a = ap.parse_args(argv)
    if a.n < 2:
        ap.error("N must be >= 2")
    layouts = [x for x in a.layouts.split(",") if x]
    for x in layouts:
        if x not in EMITTERS:
            ap.error(f"unknown layout {x!r}")
    with open(a.guide, encoding="utf-8") as f:
        sections = split_sections(f.read())
    if not sections:
        print("no '### ' sections found in guide", file=sys.stderr)
        return 1
    pages = build_pages(a.n, a.seed, a.per_part, sections)
    parts = parts_of(pages)
    for x in layouts:
        root = os.path.join(a.out, x)
        if os.path.exists(root):
            if not a.force:
                ap.error(f"{root} exists (use --force)")
            shutil.rmtree(root)
        os.makedirs(root)
        EMITTERS[x](root, pages, parts)
    print(f"{a.n} pages, {len(parts)} parts, {len(sections)} source sections, "
          f"seed {a.seed} -> {a.out} [{','.join(layouts)}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
