// Search in a real browser, on the shipped guide: from a server under a sub-path (as on
// GitHub Pages) and from disk (file://), typed into the header box or linked as
// search/?q=; the keyboard alone drives it, and axe finds nothing serious in the results.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { browserOrSkip, launch, openPage, seriousViolations, serveSite, siteContext } from "../lib/site.js";

const skip = browserOrSkip();

/// Types `query` into the header's search box and waits for the results to settle.
async function type(page, query) {
  const box = page.locator("#search-input");
  await box.fill("");
  await box.pressSequentially(query, { delay: 10 });
  await page.waitForFunction(
    (q) => {
      const input = document.querySelector("#search-input");
      const list = document.querySelector("#search-results");
      return input.getAttribute("aria-expanded") === "true" && list.dataset.query === q;
    },
    query,
  );
}

/// The results the popup lists: title, section, snippet, link and marked words.
async function results(page) {
  return page.$$eval("#search-results [role=option]", (options) =>
    options.map((o) => ({
      title: o.querySelector(".search-result-title")?.textContent ?? "",
      section: o.querySelector(".search-result-section")?.textContent ?? "",
      snippet: o.querySelector(".search-result-snippet")?.textContent ?? "",
      marked: [...o.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
      href: o.href,
      text: o.textContent,
    })),
  );
}

const where = {
  server: async (site) => ({ base: site.base, context: (browser) => siteContext(browser, site.base) }),
  disk: async (site) => ({
    base: pathToFileURL(join(site.root, "/")).href,
    context: (browser) => browser.newContext(),
  }),
};

describe("search", { skip }, () => {
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

  for (const [name, locate] of Object.entries(where)) {
    test(`finds pages, sections, concepts and typos (${name})`, async () => {
      const { base, context: make } = await locate(site);
      const context = await make(browser);
      const start = name === "disk" ? `${base}system-design/index.html` : `${base}system-design/`;
      const { page, problems } = await openPage(context, start);

      await type(page, "kafka");
      await page.keyboard.press("ArrowDown");
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(sideways <= 0, `the open results make the page scroll sideways by ${sideways}px`);
      const kafka = await results(page);
      assert.ok(kafka.length >= 3, JSON.stringify(kafka));
      const paths = kafka.map((r) => new URL(r.href).pathname);
      assert.ok(paths.some((p) => p.includes("/system-design/")), paths.join("\n"));
      assert.ok(paths.some((p) => p.includes("/behavioral/")), paths.join("\n"));
      assert.ok(kafka.slice(0, -1).every((r) => r.marked.includes("kafka") || r.title.includes("Kafka")));
      if (name === "disk") {
        assert.ok(kafka.every((r) => r.href.startsWith("file:")), "results stay on disk");
        assert.ok(kafka.slice(0, -1).every((r) => /index\.html(#|$)/.test(r.href)), "folders open their index.html");
      }

      // The concept whose alias it is comes first (a concept hit), then question 1's section.
      await type(page, "idempotent");
      const idempotent = await results(page);
      assert.equal(idempotent[0].title, "Exactly-once", JSON.stringify(idempotent));
      const question = idempotent[1];
      assert.match(question.href, /real-time-analytics\/(index\.html)?#key-points$/, JSON.stringify(question));
      assert.match(question.section, /Key Points/);
      assert.match(question.snippet, /Exactly-once: Kafka transactions \+ idempotent writes/);
      assert.ok(question.marked.includes("idempotent"), JSON.stringify(question));

      await type(page, "CDC");
      const cdc = await results(page);
      assert.equal(cdc[0].title, "Debezium / CDC", JSON.stringify(cdc[0]));
      assert.ok(cdc.length >= 2, "pages that mention change data capture are found too");

      await type(page, "partitoning");
      const typo = await results(page);
      assert.ok(typo.length >= 2, "one letter left out of a word still finds it");
      assert.ok(typo.some((r) => r.marked.includes("partitioning")), JSON.stringify(typo));

      await type(page, "debezuim");
      assert.equal((await results(page))[0]?.title, "Debezium / CDC", "two letters swapped in a concept");

      await type(page, "orchestr");
      assert.ok((await results(page)).length >= 1, "the last word matches as a prefix while typing");

      await type(page, "zzqx");
      assert.equal((await results(page)).length, 0);
      assert.equal(await page.textContent("#search-results"), "No results");

      assert.deepEqual(problems, []);
      await context.close();
    });

    test(`the search page reads ?q= and lists every result (${name})`, async () => {
      const { base, context: make } = await locate(site);
      const context = await make(browser);
      const { page, problems } = await openPage(context, `${base}search/index.html?q=kafka`);
      await page.waitForFunction(() => document.querySelectorAll("#search-page-results li").length > 0);
      const status = await page.textContent("#search-status");
      const count = Number(status.match(/^(\d+) results? for “kafka”/)?.[1]);
      assert.ok(count >= 3, status);
      assert.equal(await page.locator("#search-page-results li").count(), Math.min(count, 10));
      assert.equal(await page.inputValue("#search-page-input"), "kafka");

      await page.fill("#search-page-input", "star method");
      await page.waitForFunction(() => /star method/.test(document.querySelector("#search-status").textContent));
      assert.match(page.url(), /\?q=star\+method$/);
      const titles = await page.$$eval("#search-page-results .search-result-title", (t) => t.map((e) => e.textContent));
      assert.ok(titles.some((t) => /STAR/.test(t)), titles.join("\n"));
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test("the keyboard alone finds and opens a result", async () => {
    const context = await siteContext(browser, site.base);
    const { page } = await openPage(context, `${site.base}behavioral/`);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("idempotent", { delay: 10 });
    await page.waitForSelector("#search-results [role=option]");
    const box = page.locator("#search-input");
    assert.equal(await box.getAttribute("role"), "combobox");
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    await page.keyboard.press("ArrowDown");
    const active = await box.getAttribute("aria-activedescendant");
    assert.equal(await page.getAttribute(`#${active}`, "aria-selected"), "true");
    await page.keyboard.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    await page.keyboard.press("ArrowDown");
    await page.waitForSelector("#search-results:not([hidden])");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(/real-time-analytics\/#key-points$/), page.keyboard.press("Enter")]);

    await page.keyboard.press("Control+k");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("kafka", { delay: 10 });
    await page.waitForSelector("#search-option-all");
    await page.keyboard.press("ArrowUp");
    assert.equal(await box.getAttribute("aria-activedescendant"), "search-option-all");
    await Promise.all([page.waitForURL(/search\/index\.html\?q=kafka$/), page.keyboard.press("Enter")]);
    await page.waitForSelector("#search-page-results li");
    await context.close();
  });

  test("axe finds nothing serious with results open, in light and dark", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const context = await siteContext(browser, site.base, { colorScheme });
      const { page } = await openPage(context, `${site.base}system-design/`);
      await type(page, "kafka");
      await page.keyboard.press("ArrowDown");
      assert.deepEqual(await seriousViolations(page), [], colorScheme);
      await context.close();
    }
  });

  test("without JavaScript the search page says search needs it", async () => {
    const context = await siteContext(browser, site.base, { javaScriptEnabled: false });
    const { page } = await openPage(context, `${site.base}system-design/`);
    await page.fill("#search-input", "kafka");
    await Promise.all([page.waitForURL(/search\/index\.html\?q=kafka$/), page.press("#search-input", "Enter")]);
    const message = await page.textContent("noscript");
    assert.match(message, /Search needs JavaScript/);
    assert.ok(await page.locator("main").isVisible());
    await context.close();
  });
});
