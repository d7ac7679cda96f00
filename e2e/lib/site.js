// The site under test: the shipped guide built by the real guidebook binary for a
// GitHub Pages project site, served from a local server under the same sub-path, and a
// headless Chromium to read it with.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { serve } from "./server.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BASE_URL = "https://example.github.io/guidebook/";
export const SUB_PATH = "/guidebook/";

/// Chromium's command line: Debian's package, or CHROMIUM. The flags keep it from
/// calling out to the network at start.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path) => path && existsSync(path));
}

/// `skip` for node:test when there is no browser here; in CI a missing browser fails.
export function browserOrSkip() {
  if (chromiumPath()) return false;
  const message = "Chromium not found (install Debian's chromium package, or set CHROMIUM)";
  if (process.env.CI) throw new Error(message);
  return message;
}

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}

/// A browser context in which the production address (BASE_URL) is answered by the
/// local server at `base`, as GitHub Pages would answer it.
export async function siteContext(browser, base, options = {}) {
  const context = await browser.newContext(options);
  await context.route(`${BASE_URL}**`, async (route) => {
    const local = route.request().url().replace(BASE_URL, base);
    route.fulfill({ response: await route.fetch({ url: local }) });
  });
  return context;
}

/// Builds a guide (the shipped one unless `guide` is given) into a fresh folder with the
/// real guidebook binary; returns the folder. The shipped guide is built once per file.
let built;
export function buildSite(guide) {
  if (built && !guide) return built;
  const out = join(mkdtempSync(join(tmpdir(), "guidebook-e2e-")), "public");
  const binary = process.env.GUIDEBOOK_BIN && resolve(process.env.GUIDEBOOK_BIN);
  const [command, args] = binary
    ? [binary, []]
    : ["cargo", ["run", "--quiet", "--release", "--"]];
  const where = guide ? ["--guide", guide] : [];
  const result = spawnSync(command, [...args, "build", ...where, "--base-url", BASE_URL, "--out", out], {
    cwd: REPO,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`guidebook build failed: ${result.error ?? ""}\n${result.stderr}\n${result.stdout}`);
  }
  if (!guide) built = out;
  return out;
}

/// The site served at http://127.0.0.1:PORT/guidebook/; call `close()` when done.
export async function serveSite(guide) {
  const root = buildSite(guide);
  const server = await serve(root, SUB_PATH);
  return { root, server, base: `http://127.0.0.1:${server.port}${SUB_PATH}` };
}

/// Every HTML page of the built site, as paths relative to its root.
export function htmlPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html")) pages.push(relative(root, path).split("\\").join("/"));
    }
  };
  walk(root);
  return pages.sort();
}

/// A page's URL path, relative to the site root: `a/b/index.html` is `a/b/`.
export function pagePath(file) {
  return file.endsWith("index.html") ? file.slice(0, -"index.html".length) : file;
}

/// Opens `url` and records what goes wrong: console errors, page errors, requests that
/// fail or answer 400 and above.
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && res.url() !== url) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  return { page, response, problems };
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/// What axe-core finds serious or critical on the page as it is now, one line each.
export async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
