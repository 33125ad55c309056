// The <bce-explorer> custom element: independent instances, attributes that set and update
// the state, the "change" event, and invalid attributes, in headless Chromium.

import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { bce, formatLoss, nextFrame, readout, browserSuite, closePage } from "./support.mjs";

const suite = browserSuite();
let page;

afterEach(async () => {
  await closePage(page);
  page = undefined;
});

async function openElements() {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.problems = [];
  page.warnings = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console error: ${message.text()}`);
    if (message.type() === "warning") page.warnings.push(message.text());
  });
  page.on("pageerror", (error) => page.problems.push(`uncaught: ${error.message}`));
  await page.goto(`${suite.server.url}course-notes.html`);
  await page.locator("#fooled").getByRole("status", { name: /^Loss/ }).waitFor();
  await nextFrame(page);
}

const mean = (samples) => samples.reduce((sum, [h, y]) => sum + bce(h, y), 0) / samples.length;

test("elements start from their attributes", async () => {
  await openElements();
  const right = page.locator("#right");
  const fooled = page.locator("#fooled");

  assert.equal(await readout(right, "Loss"), formatLoss(bce(0.95, 1)));
  const expectedMean = mean([[0.95, 1], [0.9, 1], [0.05, 0]]);
  assert.equal(await readout(right, "Mini-batch mean loss"), formatLoss(expectedMean));
  assert.equal(await readout(fooled, "Loss"), formatLoss(bce(0.95, 0)));
  const convention = fooled.getByRole("combobox", { name: /convention/i });
  assert.equal(await convention.inputValue(), "pytorch");
  assert.equal(await fooled.getByRole("radio", { name: "Edit sample 2" }).isChecked(), true);
});

test("attribute change updates one element", async () => {
  await openElements();
  const right = page.locator("#right");
  const fooled = page.locator("#fooled");
  const fooledLoss = await readout(fooled, "Loss");

  await right.evaluate((element) => element.setAttribute("h", "0.5"));
  await nextFrame(page);

  assert.equal(await readout(right, "Loss"), formatLoss(Math.LN2));
  assert.equal(await readout(fooled, "Loss"), fooledLoss);
});

test("change event carries the state", async () => {
  await openElements();
  const right = page.locator("#right");
  await right.evaluate((element) => {
    window.changes = [];
    element.addEventListener("change", (event) => window.changes.push(event.detail));
  });

  await right.getByRole("slider", { name: /^Prediction h/ }).focus();
  await page.keyboard.press("ArrowLeft");
  await nextFrame(page);

  const changes = await page.evaluate(() => window.changes);
  assert.equal(changes.length, 1);
  const [detail] = changes;
  assert.equal(detail.h, 0.949);
  assert.equal(detail.y, 1);
  assert.equal(detail.selected, 1);
  assert.equal(detail.batch, "0.949:1,0.9:1,0.05:0");
  assert.equal(detail.convention, "exact");
  assert.ok(Math.abs(detail.meanLoss - mean([[0.949, 1], [0.9, 1], [0.05, 0]])) < 1e-12);
});

test("attribute changes fire no change event", async () => {
  await openElements();
  const right = page.locator("#right");
  await right.evaluate((element) => {
    window.changes = 0;
    element.addEventListener("change", () => (window.changes += 1));
  });

  await right.evaluate((element) => element.setAttribute("y", "0"));
  await nextFrame(page);

  assert.equal(await page.evaluate(() => window.changes), 0);
});

test("invalid attribute falls back to default", async () => {
  await openElements();
  const right = page.locator("#right");

  for (const [name, value] of [["h", "abc"], ["batch", "<script>alert(1)</script>"], ["convention", "caffe"], ["selected", "9"]]) {
    await right.evaluate((element, [key, text]) => element.setAttribute(key, text), [name, value]);
  }
  await nextFrame(page);

  assert.equal(page.warnings.length, 4);
  assert.match(page.warnings[0], /ignored h = "abc": not a number; using the default, 0\.9/);
  assert.match(page.warnings[1], /ignored batch = "<script>alert\(1\)<\/script…"/);
  assert.match(page.warnings[2], /ignored convention = "caffe".*using the default, exact/);
  assert.match(page.warnings[3], /ignored selected = "9": expected a sample number from 1 to 5/);
  // The batch fell back to the default five samples, of which the first is selected.
  assert.equal(await right.getByRole("radio").count(), 5);
  assert.equal(await readout(right, "Loss"), formatLoss(bce(0.9, 1)));
  assert.equal(await page.locator("script", { hasText: "alert" }).count(), 0);
});

test("README element snippet works", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const snippet = readme.match(/<!-- element-snippet -->\n```html\n([\s\S]*?)```/)[1];
  const context = await suite.browser.newContext();
  page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(error.message));
  await page.goto(`${suite.server.url}course-notes.html`);
  await page.setContent(snippet.replaceAll("https://example.org/bce-explorer/", suite.server.url));
  await page.getByRole("status", { name: /^Loss/ }).waitFor();
  await nextFrame(page);

  assert.equal(await readout(page, "Loss"), formatLoss(bce(0.3, 1)));
  const convention = page.getByRole("combobox", { name: /convention/i });
  assert.equal(await convention.inputValue(), "pytorch");
});

test("removing an element destroys its widget", async () => {
  await openElements();

  await page.locator("#right").evaluate((element) => element.remove());
  await nextFrame(page);
  await page.waitForTimeout(50);

  assert.equal(await page.getByRole("status", { name: /^Loss/ }).count(), 1);
});
