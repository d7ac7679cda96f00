// Practice mode in a real browser: checklists keep their ticks (across reloads, from disk,
// through a rebuild that reorders them) and print empty; the practice timer walks its
// steps on a fake clock; a STAR answer hides Action and Result until revealed; the home
// page sums it up; corrupt stored state breaks nothing; without JavaScript every panel
// and box is there; axe finds nothing serious with the controls open.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";

import { REPO, SUB_PATH, browserOrSkip, launch, openPage, seriousViolations, serveSite, siteContext } from "../lib/site.js";
import { serve } from "../lib/server.js";

const skip = browserOrSkip();

const CHECKLIST = "preparation/checklist/";
const QUESTION = "system-design/real-time-analytics/";
const FRAMEWORK = "system-design/framework/";
const STAR = "behavioral/challenging-pipeline/";
const MINUTE = 60_000;

const text = (locator) => locator.textContent().then((t) => t.replace(/\s+/g, " ").trim());

describe("practice", { skip }, () => {
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

  async function open(path, options) {
    const context = await siteContext(browser, site.base, options);
    const { page, problems } = await openPage(context, site.base + path);
    return { context, page, problems };
  }

  const boxes = (page) => page.locator("main input[type=checkbox][data-task]");
  const ticked = (page) =>
    page.$$eval("main input[type=checkbox][data-task]", (all) => all.map((b) => b.checked));

  test("ticks are kept across reloads and pages, counted per list, and reset", async () => {
    const { context, page, problems } = await open(CHECKLIST);
    const all = boxes(page);
    assert.equal(await all.count(), 16);
    assert.equal(await all.first().isDisabled(), false);
    const lines = page.locator(".task-progress .task-count");
    assert.equal(await lines.count(), 3, "one progress line per list");
    assert.deepEqual(await lines.allTextContents(), ["0 of 6", "0 of 5", "0 of 5"]);

    // By keyboard: focus the first box, tick it with Space; click two more.
    await all.nth(0).focus();
    await page.keyboard.press("Space");
    await all.nth(2).click();
    await all.nth(7).click();
    assert.deepEqual(await lines.allTextContents(), ["2 of 6", "1 of 5", "0 of 5"]);
    assert.equal(await text(page.locator("[data-checklist-progress]")), "3 of 16 ticked on this page");
    assert.equal(await text(page.locator(".site-nav a[data-tasks] .nav-progress")), "3/16");

    await page.reload();
    assert.deepEqual(
      (await ticked(page)).map((t, i) => (t ? i : -1)).filter((i) => i >= 0),
      [0, 2, 7],
      "the same boxes ticked after a reload",
    );

    const home = await context.newPage();
    await home.goto(site.base);
    const summary = home.locator("[data-practice-progress]");
    assert.equal(await summary.isVisible(), true);
    assert.match(await text(summary), /Interview Preparation Checklist: 3 of 16 ticked/);

    // Reset the first list only.
    await page.locator(".task-reset").first().click();
    assert.deepEqual(await lines.allTextContents(), ["0 of 6", "1 of 5", "0 of 5"]);
    await page.reload();
    assert.deepEqual(await page.locator(".task-progress .task-count").allTextContents(), ["0 of 6", "1 of 5", "0 of 5"]);

    // Clearing everything from the home page.
    await home.reload();
    await home.getByRole("button", { name: "Clear all progress" }).click();
    assert.match(await text(summary), /Checklist: 0 of 16 ticked/);
    await page.reload();
    assert.deepEqual(await page.locator(".task-progress .task-count").allTextContents(), ["0 of 6", "0 of 5", "0 of 5"]);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("ticks are kept from disk (file://) too", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = pathToFileURL(join(site.root, CHECKLIST, "index.html")).href;
    await page.goto(url);
    await boxes(page).nth(4).check();
    await page.reload();
    assert.equal(await boxes(page).nth(4).isChecked(), true);
    assert.equal(await text(page.locator(".task-progress .task-count").first()), "1 of 6");
    await context.close();
  });

  test("printing shows empty boxes and no practice controls", async () => {
    const { context, page } = await open(CHECKLIST);
    await boxes(page).nth(1).check();
    await page.emulateMedia({ media: "print" });
    const look = await page.evaluate(() => {
      const box = document.querySelector("main input[data-task]:checked");
      return {
        checked: box.checked,
        appearance: getComputedStyle(box).appearance,
        progress: getComputedStyle(document.querySelector(".task-progress")).display,
      };
    });
    assert.deepEqual(look, { checked: true, appearance: "none", progress: "none" });
    await context.close();
  });

  test("the practice timer walks through its steps on the clock", async () => {
    const context = await siteContext(browser, site.base);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(site.base + QUESTION);
    const panel = page.locator("section.practice");
    assert.equal(await text(panel.locator("h2")), "Practise this question");
    const steps = panel.locator(".timer-step");
    assert.equal(await steps.count(), 5);
    const current = () => panel.locator('.timer-step[aria-current="step"] .timer-step-name').allTextContents();
    const clock = () => text(panel.locator(".timer-clock"));
    const start = panel.getByRole("button", { name: "Start" });

    await start.focus();
    await page.keyboard.press("Enter");
    assert.deepEqual(await current(), ["Clarify requirements"]);
    assert.match(await text(panel.locator(".timer-announce")), /Step 1 of 5: Clarify requirements/);
    await page.clock.runFor(2 * MINUTE);
    assert.equal(await clock(), "3:00");

    // Pause holds the time; resume goes on.
    await panel.getByRole("button", { name: "Pause" }).click();
    await page.clock.runFor(10 * MINUTE);
    assert.equal(await clock(), "3:00");
    await panel.getByRole("button", { name: "Resume" }).click();
    await page.clock.runFor(3 * MINUTE + 1000);
    assert.deepEqual(await current(), ["Estimate scale"]);
    assert.equal(await panel.evaluate((p) => p.classList.contains("timer-cue")), true, "a visual cue at the step's end");
    assert.match(await text(panel.locator(".timer-announce")), /Step 2 of 5: Estimate scale/);

    // Skip goes to the next step.
    await panel.getByRole("button", { name: "Next step" }).click();
    assert.deepEqual(await current(), ["High-level design"]);
    assert.equal(await clock(), "10:00");

    // To the end: the question counts as practised.
    await page.clock.runFor(31 * MINUTE);
    assert.deepEqual(await current(), []);
    assert.match(await text(panel.locator(".timer-announce")), /Time is up/);
    assert.equal(await steps.evaluateAll((all) => all.every((s) => s.classList.contains("timer-step-done"))), true);
    assert.equal(await page.locator(".practice-done").getAttribute("aria-pressed"), "true");

    await page.goto(site.base);
    assert.match(await text(page.locator("[data-practice-progress]")), /Questions practised: 1 of 9/);
    await context.close();
  });

  test("the framework page has its own timer of the guide's minutes", async () => {
    const { context, page } = await open(FRAMEWORK);
    const panel = page.locator("section.practice");
    assert.equal(await text(panel.locator("h2")), "Practice timer");
    assert.deepEqual(await panel.locator(".timer-step").evaluateAll((all) => all.map((s) => Number(s.dataset.minutes))), [5, 3, 10, 15, 5]);
    assert.equal(await page.locator(".practice-done").count(), 0, "not a question");
    await context.close();
  });

  test("a STAR answer hides Action and Result until revealed, with a two-minute timer", async () => {
    const context = await siteContext(browser, site.base);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(site.base + STAR);
    const card = page.locator(".star-card").first();
    const visible = () =>
      card.locator(".star-panel").evaluateAll((all) => all.filter((p) => p.checkVisibility()).map((p) => p.className.replace("star-panel ", "")));
    assert.deepEqual(await visible(), ["star-situation", "star-task", "star-action", "star-result"]);
    await card.getByRole("button", { name: "Practise this answer" }).click();
    assert.deepEqual(await visible(), ["star-situation", "star-task"]);
    assert.equal(await text(card.locator(".timer-clock")), "2:00");
    await card.getByRole("button", { name: "Start" }).click();
    await page.clock.runFor(2 * MINUTE + 1000);
    assert.match(await text(card.locator(".timer-announce")), /2 minutes are up/);
    await card.getByRole("button", { name: "Reveal Action and Result" }).click();
    assert.deepEqual(await visible(), ["star-situation", "star-task", "star-action", "star-result"]);
    await context.close();
  });

  test("corrupt or old stored state is ignored and the page works", async () => {
    for (const stored of ["{not json", '{"v":99,"tasks":{},"done":{}}', '{"v":1,"tasks":[1],"done":"x"}', '{"v":1,"tasks":{"preparation/checklist/":"x"},"done":{}}', "null"]) {
      const context = await siteContext(browser, site.base);
      await context.addInitScript((value) => {
        for (const key of ["guidebook-practice:" + new URL("../../", location.href).href]) {
          if (!sessionStorage.getItem("seeded")) {
            localStorage.setItem(key, value);
            sessionStorage.setItem("seeded", "1");
          }
        }
      }, stored);
      const { page, problems } = await openPage(context, site.base + CHECKLIST);
      assert.equal(await page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith("guidebook-practice:")))), stored);
      await boxes(page).nth(3).check();
      assert.equal(await text(page.locator(".task-progress .task-count").first()), "1 of 6", stored);
      await page.reload();
      assert.equal(await boxes(page).nth(3).isChecked(), true, stored);
      assert.deepEqual(problems, [], stored);
      await context.close();
    }
  });

  test("without JavaScript every panel and box is shown, and no control", async () => {
    const { context, page } = await open(CHECKLIST, { javaScriptEnabled: false });
    assert.equal(await boxes(page).count(), 16);
    assert.equal(await boxes(page).first().isVisible(), true);
    assert.equal(await page.locator(".task-progress").count(), 0);
    await page.goto(site.base + QUESTION);
    const steps = page.locator("section.practice .timer-step");
    assert.equal(await steps.count(), 5);
    assert.equal(await steps.first().isVisible(), true);
    assert.equal(await page.locator(".timer-controls").isVisible(), false);
    await page.goto(site.base + STAR);
    const panels = page.locator(".star-card .star-panel");
    assert.equal(await panels.count(), 4 * (await page.locator(".star-card").count()));
    assert.equal(await panels.evaluateAll((all) => all.every((p) => p.checkVisibility())), true);
    assert.equal(await page.locator(".star-practice").isVisible(), false);
    await context.close();
  });

  test("axe finds nothing serious with the practice controls in use", async () => {
    const { context, page } = await open(QUESTION);
    await page.getByRole("button", { name: "Start" }).click();
    const found = [];
    const check = async (name) => {
      found.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
    };
    await check("timer");
    await page.goto(site.base + STAR);
    await page.getByRole("button", { name: "Practise this answer" }).first().click();
    await check("STAR");
    await page.goto(site.base + CHECKLIST);
    await boxes(page).first().check();
    await check("checklist");
    await page.goto(site.base);
    await check("home");
    assert.deepEqual(found, []);
    await context.close();
  });

  test("a rebuild that reorders and adds items keeps each tick with its item", async () => {
    const guide = mkdtempSync(join(tmpdir(), "guidebook-practice-"));
    const write = (items) => {
      writeFileSync(join(guide, "index.md"), "---\ntitle: Home\n---\nSee [the list](list.md).\n");
      writeFileSync(join(guide, "list.md"), `---\ntitle: List\nkind: checklist\n---\n${items.map((i) => `- [ ] ${i}`).join("\n")}\n`);
    };
    const out = join(mkdtempSync(join(tmpdir(), "guidebook-practice-out-")), "public");
    const build = () => {
      const binary = resolve(process.env.GUIDEBOOK_BIN ?? join(REPO, "target", "release", "guidebook"));
      const result = spawnSync(binary, ["build", "--guide", guide, "--out", out], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
    };
    write(["Alpha", "Beta", "Gamma"]);
    build();
    const server = await serve(out, SUB_PATH);
    try {
      const base = `http://127.0.0.1:${server.port}${SUB_PATH}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(base + "list/");
      await page.getByLabel("Beta").check();
      write(["Gamma", "New one", "Beta", "Alpha"]);
      build();
      await page.reload();
      const state = await page.$$eval("main li.task", (items) => items.map((li) => [li.textContent.trim(), li.querySelector("input").checked]));
      assert.deepEqual(state, [["Gamma", false], ["New one", false], ["Beta", true], ["Alpha", false]]);
      assert.equal(await text(page.locator("[data-checklist-progress]")), "1 of 4 ticked on this page");
      await context.close();
    } finally {
      await server.close();
    }
  });
});
