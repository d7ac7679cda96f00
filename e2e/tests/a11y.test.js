// Accessibility in a real browser: axe-core finds no serious or critical violation on
// any kind of page, in light or dark mode; the keyboard reaches every link; a skip link
// leads past the navigation.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";

import { browserOrSkip, launch, openPage, serveSite, siteContext } from "../lib/site.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const skip = browserOrSkip();

/// One page of each kind the site has.
const PAGES = {
  home: "",
  part: "system-design/",
  question: "system-design/real-time-analytics/",
  "behavioral answer": "behavioral/challenging-pipeline/",
  checklist: "preparation/checklist/",
  table: "system-design/phrases/",
  tree: "system-design/framework/",
  concept: "concepts/kafka/",
  glossary: "concepts/",
  handouts: "handouts/",
  handout: "handouts/behavioral/",
  "404": "no/such/page/",
};

describe("accessibility", { skip }, () => {
  let site;
  let browser;

  before(async () => {
    site = await serveSite();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await site?.server.close();
  });

  for (const scheme of ["light", "dark"]) {
    test(`axe finds nothing serious on any kind of page (${scheme})`, async () => {
      const context = await siteContext(browser, site.base, { colorScheme: scheme });
      const found = [];
      for (const [kind, path] of Object.entries(PAGES)) {
        const { page } = await openPage(context, site.base + path);
        await page.addScriptTag({ path: AXE });
        const { violations, passes } = await page.evaluate(async () => {
          const result = await window.axe.run(document, { resultTypes: ["violations"] });
          return {
            passes: result.passes.length,
            violations: result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
            })),
          };
        });
        assert.ok(passes > 10, `${kind}: axe checked only ${passes} rules`);
        for (const v of violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
          found.push(`${kind} (${path || "/"}): ${v.id} [${v.impact}] at ${v.nodes.join(", ")}`);
        }
        await page.close();
      }
      await context.close();
      assert.deepEqual(found, []);
    });
  }

  test("the keyboard reaches every link of a question page", async () => {
    const context = await siteContext(browser, site.base);
    const { page } = await openPage(context, site.base + PAGES.question);
    const links = await page.$$eval("a[href]", (all) =>
      all.filter((a) => a.getClientRects().length > 0).map((a) => a.getAttribute("href")),
    );
    const reached = new Set();
    for (let i = 0; i < links.length * 2 + 20; i++) {
      await page.keyboard.press("Tab");
      const href = await page.evaluate(() => document.activeElement?.getAttribute("href"));
      if (href) reached.add(href);
    }
    const missed = links.filter((href) => !reached.has(href));
    assert.deepEqual(missed, []);
    assert.ok(links.length > 40, `only ${links.length} links`);
    await context.close();
  });

  test("a skip link leads past the navigation to the content", async () => {
    const context = await siteContext(browser, site.base);
    const { page } = await openPage(context, site.base + PAGES.question);
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => document.activeElement.textContent.trim());
    assert.equal(first, "Skip to content");
    assert.ok(await page.locator(".skip-link").isVisible(), "the skip link shows when focused");
    await page.keyboard.press("Enter");
    const focused = await page.evaluate(() => document.activeElement.id);
    assert.equal(focused, "content");
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => document.activeElement.closest("main") !== null);
    assert.ok(next, "the next Tab stays in the page's content");
    await context.close();
  });
});
