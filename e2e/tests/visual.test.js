// What a reader sees: a question page on a phone and a laptop, light and dark, saved as
// screenshots under target/screenshots/ (CI keeps them); nothing pokes out of the
// viewport sideways except inside the scroll containers made for it (tables, code).

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { REPO, browserOrSkip, launch, openPage, serveSite, siteContext } from "../lib/site.js";

const skip = browserOrSkip();
const SHOTS = join(REPO, "target", "screenshots");
const VIEWPORTS = { phone: { width: 390, height: 844 }, laptop: { width: 1280, height: 800 } };
const PAGES = [
  "system-design/real-time-analytics/",
  "system-design/data-warehouse/",
  "system-design/phrases/",
  "behavioral/challenging-pipeline/",
  "system-design/framework/",
  "concepts/",
  "preparation/checklist/",
  "",
];

/// Elements whose right edge passes the viewport, unless an ancestor that scrolls or
/// clips holds them inside it (an SVG clips its shapes, and is itself held by the
/// diagram's scroll region).
function overflowing() {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const clips = ["auto", "scroll", "hidden", "clip"].includes(style.overflowX);
      if (clips && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > width + 1 && !scrolls(el)) {
      out.push(`${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className} right=${Math.round(rect.right)}`);
    }
  }
  if (document.documentElement.scrollWidth > width + 1) out.push(`page scrolls sideways to ${document.documentElement.scrollWidth}`);
  return out;
}

describe("visual", { skip }, () => {
  let site;
  let browser;

  before(async () => {
    site = await serveSite();
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await site?.server.close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    for (const scheme of ["light", "dark"]) {
      test(`a question on a ${name} in ${scheme} mode`, async () => {
        const context = await siteContext(browser, site.base, { viewport, colorScheme: scheme });
        const { page, problems } = await openPage(context, `${site.base}system-design/real-time-analytics/`);
        assert.deepEqual(problems, []);
        await page.screenshot({ path: join(SHOTS, `question-${name}-${scheme}.png`), fullPage: true });
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const dark = background.match(/\d+/g).slice(0, 3).every((c) => Number(c) < 60);
        assert.equal(dark, scheme === "dark", `body background ${background} in ${scheme} mode`);
        const svgText = await page.evaluate(() => getComputedStyle(document.querySelector(".diagram-svg")).color);
        const bodyText = await page.evaluate(() => getComputedStyle(document.body).color);
        assert.equal(svgText, bodyText, "diagrams are drawn in the text colour");
        await context.close();
      });
    }
  }

  test("no page overflows a phone's width", async () => {
    const context = await siteContext(browser, site.base, { viewport: VIEWPORTS.phone });
    const found = [];
    for (const path of PAGES) {
      const { page } = await openPage(context, site.base + path);
      found.push(...(await page.evaluate(overflowing)).map((o) => `${path || "/"}: ${o}`));
      await page.close();
    }
    assert.deepEqual(found, []);
    await context.close();
  });
});
