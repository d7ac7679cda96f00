// Every page is reachable from the home page by following links (and the search form),
// under the GitHub Pages sub-path and from disk, with no missing page, no failed asset
// and no console error; a missing URL at any depth gets a working 404 page.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

import {
  browserOrSkip,
  htmlPages,
  launch,
  openPage,
  pagePath,
  serveSite,
  siteContext,
} from "../lib/site.js";

const skip = browserOrSkip();

describe("crawl", { skip }, () => {
  let site;
  let browser;
  let context;

  before(async () => {
    site = await serveSite();
    browser = await launch();
    context = await siteContext(browser, site.base);
  });

  after(async () => {
    await browser?.close();
    await site?.server.close();
  });

  /// Breadth-first from `start`, following every link that stays inside `prefix`.
  async function crawl(start, prefix) {
    const seen = new Set();
    const queue = [start];
    const problems = [];
    // Browsers ask for /favicon.ico, which a site under a sub-path or on disk lacks,
    // unless the page names its icon (headless Chromium asks for neither).
    const icons = new Set();
    while (queue.length) {
      const url = queue.shift();
      if (seen.has(url)) continue;
      seen.add(url);
      const { page, response, problems: found } = await openPage(context, url);
      if (response && response.status() !== 200) problems.push(`${url}: HTTP ${response.status()}`);
      problems.push(...found.map((p) => `${url}: ${p}`));
      const icon = await page.$$eval('link[rel="icon"]', (links) => links.map((l) => l.href));
      if (icon.length !== 1) problems.push(`${url}: ${icon.length} icons`);
      icon.forEach((i) => icons.add(i));
      // Links, and the search box's form (a GET form is a link with a query).
      const hrefs = await page.$$eval("a[href], form[action][method=get]", (links) =>
        links.map((a) => new URL(a.getAttribute("href") ?? a.getAttribute("action"), document.baseURI).href),
      );
      await page.close();
      for (const href of hrefs) {
        let target = href.split("#")[0];
        // A server answers a folder with its index.html: one page, one address.
        if (!target.startsWith("file:")) target = target.replace(/index\.html$/, "");
        if (target.startsWith(prefix) && !seen.has(target)) queue.push(target);
      }
    }
    return { seen, problems, icons };
  }

  test("from the home page under /guidebook/, every page loads cleanly", async () => {
    const { seen, problems, icons } = await crawl(site.base, site.base);
    assert.deepEqual(problems, []);
    assert.equal(icons.size, 1, [...icons].join(" "));
    for (const icon of icons) {
      const res = await context.request.get(icon);
      assert.equal(res.status(), 200, icon);
      assert.match(res.headers()["content-type"], /^image\/svg\+xml/, icon);
    }
    const expected = htmlPages(site.root)
      .filter((p) => p !== "404.html")
      .map((p) => site.base + pagePath(p));
    assert.deepEqual([...seen].sort(), expected.sort());
  });

  test("a missing page at any depth gets the 404 page, whose links all work", async () => {
    for (const missing of ["nothing-here", "system-design/old/deep/page/"]) {
      const { page, response, problems } = await openPage(context, site.base + missing);
      assert.equal(response.status(), 404);
      assert.equal(await page.locator("h1").textContent(), "Page not found");
      const own = "console error: Failed to load resource: the server responded with a status of 404 (Not Found)";
      assert.deepEqual(
        problems.filter((p, i) => !(p === own && problems.indexOf(own) === i)),
        [],
        missing,
      );
      const hrefs = await page.$$eval("a[href]", (links) =>
        links.map((a) => new URL(a.getAttribute("href"), document.baseURI).href),
      );
      await page.close();
      assert.ok(hrefs.length > 3, `${missing}: ${hrefs}`);
      for (const href of hrefs.filter((h) => !h.includes("#"))) {
        // The page was built for example.github.io: map its links onto the local server.
        const local = href.replace("https://example.github.io/guidebook/", site.base);
        assert.ok(local.startsWith(site.base), `${missing}: ${href} leaves the site`);
        const res = await context.request.get(local);
        assert.equal(res.status(), 200, `${missing}: ${href}`);
      }
    }
  });

  test("opened from disk, every page is reachable by clicking", async () => {
    const home = pathToFileURL(`${site.root}/index.html`).href;
    const prefix = pathToFileURL(`${site.root}/`).href;
    const { seen, problems, icons } = await crawl(home, prefix);
    assert.deepEqual(problems, []);
    assert.equal(icons.size, 1, [...icons].join(" "));
    for (const icon of icons) assert.ok(existsSync(fileURLToPath(icon)), icon);
    const expected = htmlPages(site.root)
      .filter((p) => p !== "404.html")
      .map((p) => pathToFileURL(`${site.root}/${p}`).href);
    assert.deepEqual([...seen].sort(), expected.sort());
  });
});
