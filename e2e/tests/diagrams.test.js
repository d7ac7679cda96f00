// Diagrams on a phone and a laptop: text never drawn below 11 CSS px, a diagram wider
// than its column scrolls inside its figure (saying so) while the page does not, the
// keyboard scrolls it and opens it full screen and back, and on a laptop nothing that
// fits is drawn bigger or smaller than before. The fixture guide holds a 200-column
// diagram and a narrow one; the shipped guide's own diagrams are checked as well.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { REPO, browserOrSkip, launch, openPage, serveSite, siteContext } from "../lib/site.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const skip = browserOrSkip();
const SHOTS = join(REPO, "target", "screenshots");
const FIXTURE = join(REPO, "e2e", "fixtures", "wide-diagrams", "guide");
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const MIN_TEXT_PX = 11;
/// The shipped guide's pages with diagrams.
const GUIDE_PAGES = [
  "system-design/real-time-analytics/",
  "system-design/data-warehouse/",
  "system-design/event-driven-platform/",
  "system-design/feature-store/",
];

/// Every diagram on the page: its text's smallest rendered size (font size times the
/// SVG's scale), its scroll region's widths, and its width against its natural one;
/// with `settle`, after a frame, so the page script has seen the layout (without a
/// script, frames are not run for the page's callbacks).
async function measure(settle = true) {
  if (settle) await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [...document.querySelectorAll("figure.diagram")].map((figure) => {
    const region = figure.querySelector(".diagram-drawing");
    const svg = figure.querySelector("svg.diagram-svg");
    if (!svg) return { text: true };
    const natural = svg.viewBox.baseVal.width;
    const scale = svg.getBoundingClientRect().width / natural;
    const sizes = [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    const hint = figure.querySelector(".diagram-hint");
    return {
      title: region.getAttribute("aria-label"),
      minText: Math.min(...sizes),
      natural,
      width: svg.getBoundingClientRect().width,
      maxWidth: parseFloat(svg.style.maxWidth),
      scrollWidth: region.scrollWidth,
      clientWidth: region.clientWidth,
      tabindex: region.getAttribute("tabindex"),
      hint: Boolean(hint?.checkVisibility()),
      button: Boolean(figure.querySelector(".diagram-open")?.checkVisibility()),
    };
  });
}

/// Whether the page itself scrolls sideways.
function pageScrollsSideways() {
  return document.documentElement.scrollWidth > document.documentElement.clientWidth;
}

describe("diagrams", { skip }, () => {
  let fixture;
  let guide;
  let browser;

  before(async () => {
    fixture = await serveSite(FIXTURE);
    guide = await serveSite();
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await fixture?.server.close();
    await guide?.server.close();
  });

  test("on a phone, a 200-column diagram keeps 11px text and scrolls in its figure", async () => {
    const context = await siteContext(browser, fixture.base, { viewport: PHONE });
    const { page, problems } = await openPage(context, `${fixture.base}diagrams/wide/`);
    const [wide, narrow] = await page.evaluate(measure);
    assert.ok(wide.minText >= MIN_TEXT_PX - 0.01, `wide diagram text ${wide.minText}px`);
    assert.ok(wide.scrollWidth > wide.clientWidth, `the wide diagram scrolls: ${JSON.stringify(wide)}`);
    assert.equal(wide.tabindex, "0");
    assert.ok(wide.title, "the scroll region has a name");
    assert.ok(wide.hint, "a hint says the wide diagram scrolls");
    assert.ok(narrow.minText >= MIN_TEXT_PX - 0.01, `narrow diagram text ${narrow.minText}px`);
    assert.ok(narrow.scrollWidth <= narrow.clientWidth, "the narrow diagram fits");
    assert.ok(!narrow.hint, "no hint where nothing scrolls");
    assert.ok(wide.button && narrow.button, "each figure offers full screen");
    assert.equal(await page.evaluate(pageScrollsSideways), false, "the page does not scroll sideways");
    await page.screenshot({ path: join(SHOTS, "diagram-wide-phone.png"), fullPage: true });

    // The keyboard scrolls it: focus the region, then the arrow keys.
    await page.focus(".diagram-drawing");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    const scrolled = await page.$eval(".diagram-drawing", (region) => region.scrollLeft);
    assert.ok(scrolled > 0, "arrow keys scroll the focused diagram");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("on a phone, the guide's own diagrams keep 11px text and the page stays put", async () => {
    const context = await siteContext(browser, guide.base, { viewport: PHONE });
    const found = [];
    for (const path of GUIDE_PAGES) {
      const { page, problems } = await openPage(context, guide.base + path);
      found.push(...problems.map((p) => `${path}: ${p}`));
      for (const d of (await page.evaluate(measure)).filter((d) => !d.text)) {
        if (d.minText < MIN_TEXT_PX - 0.01) found.push(`${path}: "${d.title}" text ${d.minText.toFixed(2)}px`);
        const scrolls = d.scrollWidth > d.clientWidth;
        if (scrolls !== d.hint) found.push(`${path}: "${d.title}" scrolls ${scrolls}, hint shown ${d.hint}`);
      }
      if (await page.evaluate(pageScrollsSideways)) found.push(`${path}: the page scrolls sideways`);
      await page.close();
    }
    assert.deepEqual(found, []);
    await context.close();
  });

  test("the full-screen view opens and closes with the keyboard", async () => {
    const context = await siteContext(browser, fixture.base, { viewport: PHONE });
    const { page, problems } = await openPage(context, `${fixture.base}diagrams/wide/`);
    const state = () =>
      page.evaluate(() => {
        const dialog = document.querySelector("dialog.diagram-dialog");
        return {
          open: Boolean(dialog?.open),
          inDialog: Boolean(dialog?.querySelector(".diagram-drawing")),
          inFigures: document.querySelectorAll("figure.diagram .diagram-drawing").length,
          focus: document.activeElement?.className,
          focusInDialog: Boolean(dialog?.contains(document.activeElement)),
          name: dialog?.querySelector("h2")?.textContent,
          dialogWidth: dialog?.getBoundingClientRect().width,
        };
      });

    // Tab from the first diagram's scroll region to its full-screen button, Enter opens.
    await page.focus(".diagram-drawing");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "diagram-open");
    await page.keyboard.press("Enter");
    let now = await state();
    assert.ok(now.open && now.inDialog && now.focusInDialog, `opened: ${JSON.stringify(now)}`);
    assert.equal(now.inFigures, 1, "the drawing moved, not copied (no id twice)");
    assert.ok(now.name, "the dialog is named after the diagram");
    assert.equal(now.dialogWidth, PHONE.width, "full width");
    const text = await page.$$eval("dialog svg text", (texts) => {
      const svg = texts[0].ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
    });
    assert.ok(text >= MIN_TEXT_PX - 0.01, `full-screen text ${text}px`);
    await page.screenshot({ path: join(SHOTS, "diagram-full-screen-phone.png") });

    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => v.id);
    });
    assert.deepEqual(violations, [], "axe, with the dialog open");

    // Esc closes it; focus is back on the button that opened it. The dialog's close
    // event, which puts the drawing back, is dispatched as a task after the key press.
    const closed = () =>
      page.waitForFunction(() => !document.querySelector("dialog.diagram-dialog .diagram-drawing"), null, {
        timeout: 2000,
      });
    await page.keyboard.press("Escape");
    await closed();
    now = await state();
    assert.ok(!now.open && !now.inDialog, `closed: ${JSON.stringify(now)}`);
    assert.equal(now.inFigures, 2);
    assert.equal(now.focus, "diagram-open");

    // Space opens it again; Tab reaches the close button, Enter closes.
    await page.keyboard.press(" ");
    assert.equal((await state()).open, true);
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "diagram-close");
    await page.keyboard.press("Enter");
    await closed();
    now = await state();
    assert.ok(!now.open && now.inFigures === 2, `closed: ${JSON.stringify(now)}`);
    assert.equal(now.focus, "diagram-open");
    const back = await page.evaluate(() => document.querySelector("figure.diagram").firstElementChild.className);
    assert.equal(back, "diagram-drawing", "the drawing is back in its place");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("without JavaScript a wide diagram still scrolls and reads, with no button", async () => {
    const context = await siteContext(browser, fixture.base, { viewport: PHONE, javaScriptEnabled: false });
    const { page, problems } = await openPage(context, `${fixture.base}diagrams/wide/`);
    const [wide, narrow] = await page.evaluate(measure, false);
    assert.ok(wide.minText >= MIN_TEXT_PX - 0.01, `text ${wide.minText}px`);
    assert.ok(wide.scrollWidth > wide.clientWidth, "the wide diagram scrolls");
    assert.ok(!wide.button && !narrow.button, "no full-screen button without a script");
    assert.equal(await page.evaluate(pageScrollsSideways), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("on a laptop, a narrow diagram is not enlarged and 200 columns still scroll", async () => {
    const context = await siteContext(browser, fixture.base, { viewport: LAPTOP });
    const { page } = await openPage(context, `${fixture.base}diagrams/wide/`);
    const [wide, narrow] = await page.evaluate(measure);
    // Before: as wide as the column, up to its max-width (its natural size x 1.25).
    assert.equal(narrow.width, narrow.maxWidth, `narrow diagram ${JSON.stringify(narrow)}`);
    assert.ok(narrow.scrollWidth <= narrow.clientWidth && !narrow.hint);
    assert.ok(wide.minText >= MIN_TEXT_PX - 0.01 && wide.hint, "200 columns scroll on a laptop too");
    await page.screenshot({ path: join(SHOTS, "diagram-wide-laptop.png"), fullPage: true });
    await context.close();
  });

  test("on a laptop, the guide's own diagrams are drawn as before", async () => {
    const context = await siteContext(browser, guide.base, { viewport: LAPTOP });
    const found = [];
    for (const path of GUIDE_PAGES) {
      const { page } = await openPage(context, guide.base + path);
      for (const d of (await page.evaluate(measure)).filter((d) => !d.text)) {
        const column = d.clientWidth - 2 * 12; // the region's padding, 0.75rem
        const before = Math.min(column, d.maxWidth);
        if (Math.abs(d.width - before) > 0.5) found.push(`${path}: "${d.title}" ${d.width}px, before ${before}px`);
        if (d.scrollWidth > d.clientWidth || d.hint) found.push(`${path}: "${d.title}" scrolls`);
      }
      await page.close();
    }
    assert.deepEqual(found, []);
    await context.close();
  });
});
