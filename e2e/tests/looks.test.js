// What readers notice: the light/dark/auto switch, remembered across pages and visits
// and replaced by the system's preference without JavaScript; on a phone no breadcrumb
// separator is left alone on its line and no question link underlines the space after
// its badge; on a laptop the sidebar's background runs to the bottom of every page.
// Screenshots of each go to target/screenshots/.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { REPO, browserOrSkip, htmlPages, launch, pagePath, serveSite, siteContext } from "../lib/site.js";

const skip = browserOrSkip();
const SHOTS = join(REPO, "target", "screenshots");
const DARK_BG = "rgb(18, 21, 27)";
const LIGHT_BG = "rgb(252, 252, 251)";

describe("looks", { skip }, () => {
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

  const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const themed = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? "auto");

  test("the theme switch cycles auto, light, dark and is remembered across pages and visits", async () => {
    const context = await siteContext(browser, site.base, { colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(site.base + "system-design/real-time-analytics/");
    const button = page.getByRole("button", { name: /colour theme/i });
    assert.equal(await button.textContent().then((t) => t.replace(/\s+/g, " ").trim()), "Colour theme: auto");
    assert.equal(await background(page), LIGHT_BG);
    await button.click();
    assert.equal(await themed(page), "light");
    await button.click();
    assert.equal(await themed(page), "dark");
    assert.equal(await background(page), DARK_BG, "dark on a light system");
    await page.screenshot({ path: join(SHOTS, "theme-dark-chosen.png") });

    // Another page, and a visit in a new tab: dark from the first paint.
    const other = await context.newPage();
    const painted = [];
    other.on("console", (msg) => painted.push(msg.text()));
    // When <body> arrives, before any deferred script has run.
    await other.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (!document.body) return;
        seen.disconnect();
        console.log(`theme at first paint: ${document.documentElement.dataset.theme}`);
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await other.goto(site.base + "behavioral/");
    assert.equal(await themed(other), "dark");
    assert.equal(await background(other), DARK_BG);
    assert.ok(painted.includes("theme at first paint: dark"), painted.join("\n"));
    await other.reload();
    assert.equal(await themed(other), "dark");

    // Back to auto: the system's preference again, everywhere.
    await other.getByRole("button", { name: /colour theme/i }).click();
    assert.equal(await themed(other), "auto");
    assert.equal(await background(other), LIGHT_BG);
    await page.waitForFunction(() => !document.documentElement.dataset.theme);
    await context.close();
  });

  test("a stored choice the page does not know is ignored", async () => {
    const context = await siteContext(browser, site.base, { colorScheme: "dark" });
    await context.addInitScript(() => localStorage.setItem("guidebook-theme", "neon\"><x"));
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(site.base);
    assert.equal(await themed(page), "auto");
    assert.equal(await background(page), DARK_BG);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("without JavaScript the system's preference applies and no switch is shown", async () => {
    for (const [scheme, bg] of [["dark", DARK_BG], ["light", LIGHT_BG]]) {
      const context = await siteContext(browser, site.base, { colorScheme: scheme, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(site.base + "system-design/real-time-analytics/");
      assert.equal(await background(page), bg, scheme);
      assert.equal(await page.locator(".theme-switch").isVisible(), false);
      await context.close();
    }
  });

  /// Breadcrumb items whose separator sits on a line of its own, apart from their text.
  function loneSeparators() {
    const lone = [];
    for (const item of document.querySelectorAll(".breadcrumbs li + li")) {
      const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
      let text = walker.nextNode();
      while (text && !text.data.trim()) text = walker.nextNode();
      const range = document.createRange();
      const start = text.data.search(/\S/);
      range.setStart(text, start);
      range.setEnd(text, start + 1);
      const first = range.getBoundingClientRect();
      const box = item.getBoundingClientRect();
      const line = parseFloat(getComputedStyle(item).lineHeight) || 20;
      if (first.top - box.top > line / 2) lone.push(item.textContent.trim());
    }
    return lone;
  }

  /// Links whose text after a badge starts with a space that would be underlined.
  function underlinedSpaces() {
    const found = [];
    for (const badge of document.querySelectorAll("a .badge")) {
      let next = badge.nextSibling;
      while (next && next.nodeType === 1 && next.classList.contains("visually-hidden")) next = next.nextSibling;
      const text = next?.textContent ?? "";
      if (/^\s/.test(text)) found.push(badge.closest("a").textContent.trim());
    }
    return found;
  }

  test("on a phone, breadcrumbs keep separators with their text and badges' spaces are not underlined", async () => {
    const pages = htmlPages(site.root).filter((p) => !p.startsWith("handouts/"));
    for (const width of [320, 390]) {
      const context = await siteContext(browser, site.base, { viewport: { width, height: 844 } });
      const page = await context.newPage();
      for (const file of pages) {
        await page.goto(site.base + pagePath(file));
        assert.deepEqual(await page.evaluate(loneSeparators), [], `${width}px ${file}`);
        assert.deepEqual(await page.evaluate(underlinedSpaces), [], `${width}px ${file}`);
      }
      await page.goto(site.base + "system-design/real-time-analytics/");
      await page.screenshot({ path: join(SHOTS, `phone-${width}-header.png`) });
      await context.close();
    }
  });

  test("on a laptop, the sidebar's background reaches the bottom of every page", async () => {
    const context = await siteContext(browser, site.base, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    for (const file of htmlPages(site.root).filter((p) => !p.startsWith("handouts/"))) {
      await page.goto(site.base + pagePath(file));
      const { nav, layout, color } = await page.evaluate(() => {
        const nav = document.querySelector(".site-nav");
        return {
          nav: nav.getBoundingClientRect().bottom,
          layout: document.querySelector(".layout").getBoundingClientRect().bottom,
          color: getComputedStyle(nav).backgroundColor,
        };
      });
      assert.ok(Math.abs(nav - layout) < 1, `${file}: sidebar ends at ${nav}, page at ${layout}`);
      assert.notEqual(color, "rgba(0, 0, 0, 0)", file);
    }
    await page.goto(site.base + "preparation/");
    await page.screenshot({ path: join(SHOTS, "laptop-short-page.png"), fullPage: true });
    await context.close();
  });
});
