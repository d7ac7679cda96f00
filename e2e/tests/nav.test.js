// A guide with many parts: each page carries only its own part's navigation, the rest
// comes from one shared script. With JavaScript the sidebar lists every part once, its
// own part open and the page marked, under the GitHub Pages sub-path and from disk;
// without JavaScript "All parts" leads to the home page's map of them.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { browserOrSkip, launch, openPage, serveSite, siteContext } from "../lib/site.js";

const skip = browserOrSkip();

const PARTS = 30;
const PAGES_PER_PART = 3;

/// A guide of PARTS parts of PAGES_PER_PART pages each, in guidebook's layout.
function manyParts() {
  const guide = join(mkdtempSync(join(tmpdir(), "guidebook-parts-")), "guide");
  mkdirSync(guide);
  writeFileSync(join(guide, "index.md"), "---\ntitle: Many parts\n---\n\nA guide with many parts.\n");
  for (let p = 1; p <= PARTS; p++) {
    const dir = join(guide, `part-${String(p).padStart(2, "0")}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "index.md"), `---\ntitle: Part ${p}\norder: ${p}\n---\n\nPart ${p}.\n`);
    for (let n = 1; n <= PAGES_PER_PART; n++) {
      const next = n < PAGES_PER_PART ? `[next](page-${n + 1}.md)` : "[part](index.md)";
      writeFileSync(
        join(dir, `page-${n}.md`),
        `---\ntitle: Page ${p}.${n}\norder: ${n}\n---\n\nPage ${n} of part ${p}, then ${next}.\n`,
      );
    }
  }
  return guide;
}

/// What the sidebar shows: each top-level entry, with its pages if open, and the entry
/// marked as the page being read.
async function sidebar(page) {
  return page.$$eval(".site-nav .nav-list > li", (items) =>
    items.map((li) => ({
      title: li.querySelector(":scope > a").textContent.trim(),
      href: li.querySelector(":scope > a").href,
      pages: [...li.querySelectorAll(":scope > ul a")].map((a) => a.textContent.trim()),
      marked: li.querySelector("[aria-current=page]")?.textContent.trim() ?? null,
    })),
  );
}

describe("navigation of a guide with many parts", { skip }, () => {
  let site;
  let browser;

  before(async () => {
    site = await serveSite(manyParts());
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await site?.server.close();
  });

  /// The sidebar of part 7's second page, opened at `url`.
  async function check(context, url, fileUrls) {
    const { page, problems } = await openPage(context, url);
    const items = await sidebar(page);
    await page.close();
    assert.deepEqual(problems, []);
    const parts = items.filter((i) => i.title.startsWith("Part "));
    assert.deepEqual(
      parts.map((i) => i.title),
      Array.from({ length: PARTS }, (_, i) => `Part ${i + 1}`),
      "every part once, in order",
    );
    assert.ok(!items.some((i) => i.title === "All parts"), "the fallback link is replaced");
    const open = parts.filter((i) => i.pages.length > 0);
    assert.deepEqual(open.map((i) => i.title), ["Part 7"]);
    assert.deepEqual(open[0].pages, ["Page 7.1", "Page 7.2", "Page 7.3"]);
    assert.equal(open[0].marked, "Page 7.2");
    for (const part of parts) {
      const number = part.title.split(" ")[1].padStart(2, "0");
      const tail = fileUrls ? `part-${number}/index.html` : `part-${number}/`;
      assert.ok(part.href.endsWith(tail), `${part.title}: ${part.href}`);
    }
  }

  test("under /guidebook/, the sidebar lists every part with its own open", async () => {
    const context = await siteContext(browser, site.base);
    await check(context, `${site.base}part-07/page-2/`, false);
    await context.close();
  });

  test("opened from disk, the same, with links that open pages", async () => {
    const context = await browser.newContext();
    await check(context, pathToFileURL(`${site.root}/part-07/page-2/index.html`).href, true);
    await context.close();
  });

  test("without JavaScript, the page holds its own part and a way to all of them", async () => {
    const context = await siteContext(browser, site.base, { javaScriptEnabled: false });
    const { page, problems } = await openPage(context, `${site.base}part-07/page-2/`);
    const items = await sidebar(page);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      items.map((i) => i.title),
      ["Home", "Part 7", "All parts", "Handouts"],
    );
    assert.equal(items[1].marked, "Page 7.2");
    await page.goto(items[2].href);
    const mapped = await page.$$eval("#guide-map a", (links) => links.map((a) => a.textContent.trim()));
    await page.close();
    await context.close();
    for (let p = 1; p <= PARTS; p++) assert.ok(mapped.includes(`Part ${p}`), `Part ${p} is on the map`);
  });
});
