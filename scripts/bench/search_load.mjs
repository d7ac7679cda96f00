// What a search costs a reader: opens a built site's search page from disk in headless
// Chromium for each query and adds up the bytes of the index files and the search
// script it loaded. Prints one JSON object: {"query": bytes, ...}.
//
// Usage: node scripts/bench/search_load.mjs SITE_DIR QUERY...
// (playwright-core from e2e/node_modules; Chromium from CHROMIUM or /usr/bin/chromium)

import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(join(here, "..", "..", "e2e", "package.json"));
const { chromium } = require("playwright-core");

const [site, ...queries] = process.argv.slice(2);
const root = pathToFileURL(resolve(site) + "/").href;
const executablePath = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
const costs = {};
for (const query of queries) {
  // A fresh context each time: nothing cached from the query before.
  const context = await browser.newContext();
  const page = await context.newPage();
  const loaded = new Set();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (/\/search\/.*\.js$|\/static\/search\.[^/]*\.js$/.test(url.pathname)) loaded.add(url.pathname);
  });
  await page.goto(`${root}search/index.html?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => document.querySelector("#search-status").textContent);
  costs[query] = [...loaded].reduce((sum, path) => sum + statSync(decodeURIComponent(path)).size, 0);
  await context.close();
}
await browser.close();
console.log(JSON.stringify(costs));
