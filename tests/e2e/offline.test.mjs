// dist/bce-explorer.html, the single-file page, opened from file:// while every network
// request is blocked: it must start and work with nothing but itself.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { DIST, bce, formatLoss, launchBrowser, nextFrame, readout } from "./support.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test("single file works offline", async () => {
  const context = await browser.newContext();
  const requests = [];
  await context.route(/^https?:/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("request", (request) => {
    if (!request.url().startsWith("file:") && !request.url().startsWith("data:")) {
      requests.push(request.url());
    }
  });

  await page.goto(pathToFileURL(join(DIST, "bce-explorer.html")).href);
  await page.getByRole("status", { name: /^Loss/ }).waitFor();
  await nextFrame(page);
  assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 1)));

  await page.getByRole("slider", { name: /^Prediction h/ }).focus();
  await page.keyboard.press("Home");
  await nextFrame(page);
  assert.equal(await readout(page, "Loss"), "∞");
  const pixels = await page.getByRole("img", { name: /^Loss curve/ }).evaluate((canvas) => {
    const context2d = canvas.getContext("2d");
    const { data } = context2d.getImageData(0, 0, canvas.width, canvas.height);
    return data.some((value, index) => index % 4 !== 3 && value < 128);
  });
  assert.equal(pixels, true, "the curve canvas is blank");

  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  const files = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
  assert.deepEqual(files, []);
  await context.close();
});
