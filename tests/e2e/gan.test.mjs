// The GAN view: the discriminator's and the generator's losses against values computed here
// from their formulas, the two generator losses' slopes, and "Generator improves".

import { afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import {
  ARTIFACTS,
  bce,
  formatLoss,
  nextFrame,
  openWidget,
  readout,
  browserSuite,
  closePage,
} from "./support.mjs";

const suite = browserSuite();
let page;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

afterEach(async () => {
  await closePage(page);
  page = undefined;
});

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const nonSaturating = (scores) => mean(scores.map((d) => -Math.log(d)));
const minimax = (scores) => mean(scores.map((d) => Math.log1p(-d)));

async function ganReadouts() {
  return {
    discriminator: await readout(page, "Discriminator"),
    generator: await readout(page, "Generator"),
  };
}

test("GAN view shows both players' losses", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?batch=0.9:1,0.6:1,0.3:1,0.2:0,0.05:0`);
  await page.getByRole("checkbox", { name: /GAN view/ }).check();
  await nextFrame(page);

  const batch = [[0.9, 1], [0.6, 1], [0.3, 1], [0.2, 0], [0.05, 0]];
  const discriminator = mean(batch.map(([h, y]) => bce(h, y)));
  const { discriminator: shownD, generator: shownG } = await ganReadouts();
  assert.equal(shownD, formatLoss(discriminator));
  assert.equal(shownG, formatLoss(nonSaturating([0.2, 0.05])));
  assert.match(await page.getByRole("row").nth(4).textContent(), /generated/);
  assert.match(await page.getByRole("row").nth(1).textContent(), /real image/);

  await page.getByRole("combobox", { name: /Generator's loss function/ }).selectOption("minimax");
  await nextFrame(page);
  assert.equal(await readout(page, "Generator"), formatLoss(minimax([0.2, 0.05])));

  // Where D is sure an image is fake, the minimax slope is near -1, the other steep.
  const slopes = await readout(page, "Slopes");
  assert.match(slopes, /D\(G\(z\)\) = 0\.050/);
  assert.match(slopes, new RegExp(`non-saturating ${formatLoss(-1 / 0.05)}`));
  assert.match(slopes, new RegExp(`minimax ${formatLoss(-1 / 0.95)}`));
  await page.locator(".bce-gan").screenshot({ path: `${ARTIFACTS}gan-panel.png` });
});

test("generator improving shifts the losses", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?mode=gan`);
  const before = await ganReadouts();

  await page.getByRole("button", { name: "Generator improves" }).click();
  await nextFrame(page);

  const after = await ganReadouts();
  assert.ok(Number(after.discriminator) > Number(before.discriminator), JSON.stringify({ before, after }));
  assert.ok(Number(after.generator) < Number(before.generator), JSON.stringify({ before, after }));
  // The generated images 0.2 and 0.7 moved a fifth of the way to 1.
  const improved = [0.2 + 0.2 * 0.8, 0.7 + 0.2 * 0.3];
  assert.equal(after.generator, formatLoss(nonSaturating(improved)));
});

test("generator loss follows the convention", async () => {
  // PyTorch clamps each logarithm at −100, for the generator's loss as for the
  // discriminator's: −ln 0 counts as 100.
  page = await openWidget(suite.browser, `${suite.server.url}?mode=gan&convention=pytorch&batch=0.9:1,0:0`);
  assert.equal(await readout(page, "Discriminator"), formatLoss((-Math.log(0.9) + 0) / 2));
  assert.equal(await readout(page, "Generator"), formatLoss(100));
});

test("mode attribute shows the GAN view", async () => {
  const context = await suite.browser.newContext();
  page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(error.message));
  await page.goto(`${suite.server.url}course-notes.html`);
  await page.locator("#fooled").getByRole("status", { name: /^Loss/ }).waitFor();

  const element = page.locator("#fooled");
  assert.equal(await element.getByRole("status", { name: /Discriminator/ }).isVisible(), false);
  await element.evaluate((node) => node.setAttribute("mode", "gan"));
  await nextFrame(page);
  assert.equal(await element.getByRole("status", { name: /Discriminator/ }).isVisible(), true);
  assert.equal(await element.evaluate((node) => node.state.mode), "gan");
});
