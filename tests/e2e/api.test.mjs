// The JS API as a course author's page uses it: the example page's calls and values, and
// the errors the API throws, in headless Chromium.

import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { browserSuite, closePage } from "./support.mjs";

const suite = browserSuite();
let page;

afterEach(async () => {
  await closePage(page);
  page = undefined;
});

async function openExample() {
  const context = await suite.browser.newContext();
  page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${suite.server.url}api-example.html`);
  await page.getByRole("definition").last().waitFor();
}

async function valueOf(call) {
  const term = page.getByRole("term").filter({ hasText: call }).first();
  const definition = term.locator("xpath=following-sibling::dd[1]");
  return (await definition.textContent()).trim();
}

test("example page shows API values", async () => {
  await openExample();

  assert.equal(await valueOf("loss(0.2, 1)"), "1.6094379124341003");
  assert.equal(await valueOf('loss(1, 0, "pytorch")'), "100");
  assert.equal(await valueOf('loss(1, 0, "keras")'), "16.118095651484676");
  assert.equal(await valueOf("lossFromLogit(20, 0)"), "20.000000002061153");
  assert.match(await valueOf("gradientWrtPrediction(0.3, 1)"), /^-3\.33333333333333/);
  const batch = JSON.parse(await valueOf("batchLoss("));
  assert.equal(batch.losses.length, 2);
  assert.ok(Math.abs(batch.mean - (-Math.log(0.9) - 2 * Math.log(0.8)) / 2) < 1e-12);
  const arrays = JSON.parse(await valueOf("batchLossArrays("));
  assert.deepEqual(arrays, { mean: 25, sum: 100 });
  assert.equal(
    await valueOf("loss(1.5, 1) throws"),
    "Error: prediction h = 1.5 is invalid: it must be a number in [0, 1]",
  );
});

test("API errors are Error objects", async () => {
  await openExample();

  const errors = await page.evaluate(async () => {
    const api = await import("./pkg/bce_explorer_api.js");
    const calls = {
      nanPrediction: () => api.loss(NaN, 1),
      badLabel: () => api.loss(0.9, 2),
      badConvention: () => api.loss(0.5, 1, "caffe"),
      emptyBatch: () => api.batchLoss([]),
      missingField: () => api.batchLoss([{ h: 0.5 }]),
      misspeltField: () => api.batchLoss([{ h: 0.5, y: 1, wieght: 2 }]),
      numberAsName: () => api.loss(0.5, 1, 3),
      negativeWeight: () => api.batchLoss([{ h: 0.5, y: 1, weight: -1 }]),
      mismatch: () => api.batchLossArrays(new Float64Array(2), new Float64Array(1)),
      nanLogit: () => api.lossFromLogit(NaN, 0),
    };
    const caught = {};
    for (const [name, call] of Object.entries(calls)) {
      try {
        call();
        caught[name] = "no error";
      } catch (error) {
        caught[name] = { isError: error instanceof Error, message: error.message };
      }
    }
    return caught;
  });

  for (const [name, error] of Object.entries(errors)) {
    assert.equal(error.isError, true, `${name}: ${JSON.stringify(error)}`);
  }
  assert.match(errors.nanPrediction.message, /prediction h = NaN is invalid/);
  assert.match(errors.badLabel.message, /label y = 2 is invalid/);
  assert.match(errors.badConvention.message, /convention "caffe" is unknown/);
  assert.match(errors.emptyBatch.message, /the batch is empty/);
  assert.match(errors.missingField.message, /^sample 0: missing field `y`/);
  assert.match(errors.misspeltField.message, /^sample 0: unknown property "wieght"/);
  assert.match(errors.numberAsName.message, /^convention must be a name/);
  assert.match(errors.negativeWeight.message, /sample 0: weight -1 is invalid/);
  assert.match(errors.mismatch.message, /2 predictions but 1 labels/);
  assert.match(errors.nanLogit.message, /logit z = NaN is invalid/);
});
