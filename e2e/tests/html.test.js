// The built HTML is valid: the Nu HTML Checker (vnu.jar from npm, run with the
// machine's Java) reports no error on any page.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

import { buildSite } from "../lib/site.js";

const require = createRequire(import.meta.url);
const VNU = require("vnu-jar");

function javaOrSkip() {
  if (spawnSync("java", ["-version"]).status === 0) return false;
  const message = "Java not found: the Nu HTML Checker needs a Java runtime";
  if (process.env.CI) throw new Error(message);
  return message;
}

/// The checker's errors for every HTML file under `dir`, as `file:line: message`.
function errorsIn(dir) {
  const run = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "json", "--skip-non-html", dir], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(run.stderr.trim().startsWith("{"), `vnu did not run: ${run.stderr.slice(0, 500)}`);
  return JSON.parse(run.stderr)
    .messages.filter((m) => m.type === "error")
    .map((m) => `${m.url.replace(`file:${dir}/`, "")}:${m.lastLine}: ${m.message}`);
}

describe("html", { skip: javaOrSkip() }, () => {
  test("the checker reports broken HTML (so a clean result means something)", () => {
    const dir = mkdtempSync(join(tmpdir(), "vnu-"));
    writeFileSync(join(dir, "bad.html"), '<!DOCTYPE html><html lang="en"><title>x</title><p><div></p></html>');
    assert.ok(errorsIn(dir).length > 0);
  });

  test("the Nu HTML Checker finds no error on any page", () => {
    assert.deepEqual(errorsIn(buildSite()), []);
  });
});
