// `guidebook serve` in a real browser, over a copy of the shipped guide: a page changes
// when its file is saved, with no reload by hand, back at the same scroll position; a
// broken save shows its problems over the open page, and the fix takes them away.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";

import { REPO, browserOrSkip, launch } from "../lib/site.js";

const skip = browserOrSkip();

/// Starts `guidebook serve` on a free port over `guide`; resolves to its address.
function startServe(guide) {
  const binary = process.env.GUIDEBOOK_BIN && resolve(process.env.GUIDEBOOK_BIN);
  const [command, args] = binary ? [binary, []] : ["cargo", ["run", "--quiet", "--release", "--"]];
  const child = spawn(command, [...args, "serve", "--port", "0", "--guide", guide], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Promise((resolveUrl, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolveUrl({ child, url: found[0] });
    });
    child.on("exit", (code) => reject(new Error(`guidebook serve exited (${code}): ${out}`)));
  });
}

describe("serve", { skip }, () => {
  let dir;
  let guide;
  let served;
  let browser;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "guidebook-serve-"));
    guide = join(dir, "guide");
    cpSync(join(REPO, "guide"), guide, { recursive: true });
    served = await startServe(guide);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    served?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a saved page changes in the open page, at the same scroll position", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.goto(`${served.url}system-design/real-time-analytics/`);
    await page.evaluate(() => window.scrollTo(0, 500));
    const file = join(guide, "system-design", "real-time-analytics.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("What's the data volume?", "What is the peak event rate?"));
    await page.waitForFunction(() => document.body.textContent.includes("What is the peak event rate?"), null, {
      timeout: 20000,
    });
    await page.waitForFunction(() => Math.abs(window.scrollY - 500) < 2, null, { timeout: 5000 });
    await page.close();
  });

  test("a broken save shows its problems over the page until it is fixed", async () => {
    const page = await browser.newPage();
    await page.goto(`${served.url}behavioral/`);
    const file = join(guide, "behavioral", "tips.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^title:/m, "titel:"));
    const overlay = page.locator("#guidebook-serve-problems");
    await overlay.waitFor({ state: "visible", timeout: 20000 });
    const shown = await overlay.textContent();
    assert.match(shown, /tips\.md:\d+:\d+: unknown front matter key "titel"/);
    assert.match(shown, /did you mean "title"/);

    writeFileSync(file, text);
    await overlay.waitFor({ state: "detached", timeout: 20000 });
    await page.close();
  });
});
