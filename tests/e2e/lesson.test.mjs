// The teaching panels: the formula with the numbers plugged in, the dimmed inactive term,
// the minus-sign toggle, the ln h panel, the split into entropy and divergence, the tangent
// and gradient step, the logit axis and the explanations. Expected values are computed here
// from the formulas. Each panel is saved as a screenshot in artifacts/.

import { afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import {
  ARTIFACTS,
  bce,
  browserSuite,
  canvasPixels,
  closePage,
  fieldMessage,
  formatLoss,
  nextFrame,
  openWidget,
  readout,
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

/** Types `h` and `y` into the selected sample's number fields. */
async function setSample(h, y) {
  await page.getByRole("textbox", { name: "Label y, typed" }).fill(String(y));
  await page.getByRole("textbox", { name: "Prediction h, typed" }).fill(String(h));
  await nextFrame(page);
}

/** Returns the text of the formula with the numbers in it, without MathML's spacing. */
function pluggedFormula() {
  return page.getByRole("paragraph").filter({ hasText: /^L=−\[/ }).textContent();
}

/** Returns the opacity of each term of both formulas, by branch. */
function termOpacities() {
  return page.evaluate(() => {
    const opacity = (selector) =>
      [...document.querySelectorAll(selector)].map((term) => Number(getComputedStyle(term).opacity));
    return { real: opacity(".bce-term-real"), fake: opacity(".bce-term-fake") };
  });
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const logit = (h) => Math.log(h / (1 - h));
const entropy = (y) => bce(y, y);

/**
 * Returns the mean position of the canvas pixels near `rgb`, in CSS pixels from the
 * canvas's top left, and their count.
 */
function centroidOf(canvas, rgb) {
  return canvas.evaluate((element, [r, g, b]) => {
    const context = element.getContext("2d");
    const { width, height } = element;
    const data = context.getImageData(0, 0, width, height).data;
    let count = 0;
    let sumX = 0;
    let sumY = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near =
        Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30;
      if (near) {
        const pixel = i / 4;
        sumX += pixel % width;
        sumY += Math.floor(pixel / width);
        count += 1;
      }
    }
    const scale = width / element.clientWidth;
    return { x: sumX / count / scale, y: sumY / count / scale, count, height: height / scale };
  }, rgb);
}

const FOREGROUND = [31, 41, 55]; // --bce-fg, the combined loss curve
const ACCENT = [124, 58, 237]; // --bce-accent, the tangent and the step arrow

test("formula shows sample's numbers", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const cases = [
    [0.3, 1, "1·ln0.300+0·ln0.700"],
    [0.2, 0, "0·ln0.200+1·ln0.800"],
    [0.3, 0.9, "0.90·ln0.300+0.10·ln0.700"],
    [0.999, 1, "1·ln0.999+0·ln0.001"],
    [0, 1, "1·ln0.000+0·ln1.000"],
  ];
  for (const [h, y, terms] of cases) {
    await setSample(h, y);
    const expected = `L=−[${terms}]=${formatLoss(bce(h, y))}`;
    assert.equal(await pluggedFormula(), expected, `h = ${h}, y = ${y}`);
  }
  await page.getByRole("region", { name: "Loss of the selected sample" }).screenshot({ path: `${ARTIFACTS}formula-panel.png` });
});

test("formula names capping convention", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?convention=pytorch`);
  await setSample(0, 1);
  assert.equal(await pluggedFormula(), "L=−[1·ln0.000+0·ln1.000]=∞ (PyTorch gives 100.0000)");
});

test("hard label dims inactive term", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  await setSample(0.3, 1);
  let { real, fake } = await termOpacities();
  assert.deepEqual(real, [1, 1]);
  assert.ok(fake.every((opacity) => opacity < 0.6), `fake terms ${fake}`);

  await setSample(0.3, 0);
  ({ real, fake } = await termOpacities());
  assert.ok(real.every((opacity) => opacity < 0.6), `real terms ${real}`);
  assert.deepEqual(fake, [1, 1]);

  await setSample(0.3, 0.9);
  ({ real, fake } = await termOpacities());
  assert.deepEqual({ real, fake }, { real: [1, 1], fake: [1, 1] });
});

test("batch mean shows its sum", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const batch = [[0.9, 1], [0.6, 1], [0.3, 1], [0.2, 0], [0.7, 0]];
  const sum = batch.reduce((total, [h, y]) => total + bce(h, y), 0);
  const text = await page.getByRole("paragraph").filter({ hasText: /^J=/ }).textContent();
  assert.ok(text.endsWith(`=15×${formatLoss(sum)}`), text);
});

test("dropped minus flips curve", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const curve = page.getByRole("img", { name: /Loss curve/ });
  const original = await canvasPixels(curve);
  const upright = await centroidOf(curve, FOREGROUND);
  const toggle = page.getByRole("checkbox", { name: "Drop the minus sign" });
  const warning = page.getByText(/Without the minus sign the curve\s+lies below 0/);
  assert.equal(await warning.isVisible(), false);

  await toggle.check();
  await nextFrame(page);
  const flipped = page.getByRole("img", { name: /Curve of −L.*below 0/ });
  assert.equal(await flipped.count(), 1);
  assert.equal(await warning.isVisible(), true);
  // For y = 1 the curve −ln h is small for most h, so it hugs the bottom of the loss axis;
  // ln h hugs the top of the flipped axis, where 0 now is.
  const below = await centroidOf(flipped, FOREGROUND);
  assert.ok(upright.y > upright.height / 2, `upright centroid ${JSON.stringify(upright)}`);
  assert.ok(below.y < below.height / 2, `flipped centroid ${JSON.stringify(below)}`);
  assert.match(await readout(page, "Where one step"), /h moves down.*the wrong way/);
  await page.getByRole("figure").first().screenshot({ path: `${ARTIFACTS}curve-minus-dropped.png` });
  await page.getByRole("region", { name: "Why the loss is never negative" }).screenshot({ path: `${ARTIFACTS}sign-panel.png` });

  await toggle.uncheck();
  await nextFrame(page);
  assert.equal(await canvasPixels(curve), original);
  assert.equal(await warning.isVisible(), false);
});

test("ln h panel marks h", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  await setSample(0.3, 1);
  const panel = page.getByRole("img", { name: /ln h is at most 0 and −ln h at least 0/ });
  const name = await panel.getAttribute("aria-label");
  assert.match(name, new RegExp(`ln h = ${formatLoss(Math.log(0.3))} and −ln h = ${formatLoss(-Math.log(0.3))}`));
  const dots = await panel.evaluate((svg) =>
    [...svg.querySelectorAll("circle")].map((circle) => Number(circle.getAttribute("cy"))),
  );
  // The zero line is at y = 80 of the view box, 18 units per unit of value: −ln h above
  // it, ln h below.
  const expected = [-Math.log(0.3), Math.log(0.3)].map((value) => Number((80 - 18 * value).toFixed(1)));
  assert.deepEqual(dots.sort((a, b) => a - b), expected);
});

test("loss splits into entropy, divergence", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const cases = [[0.3, 0.9], [0.9, 0.9], [0.6, 1]];
  for (const [h, y] of cases) {
    await setSample(h, y);
    const divergence = bce(h, y) - entropy(y);
    const expected = `${formatLoss(entropy(y))} + ${formatLoss(divergence)} = ${formatLoss(bce(h, y))}`;
    assert.equal(await readout(page, "L = H\\(y\\)"), expected, `h = ${h}, y = ${y}`);
  }
});

test("arrow points along the step", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const curve = page.getByRole("img", { name: /curve/i });
  const rate = page.getByRole("slider", { name: "Learning rate η" });
  const arrowSide = async () => {
    // The tangent is drawn both ways from the sample. A long step adds the arrow on one
    // side only, so the accent pixels' centre moves towards that side.
    await rate.fill("0.1");
    await nextFrame(page);
    const short = await centroidOf(curve, ACCENT);
    await rate.fill("4");
    await nextFrame(page);
    const long = await centroidOf(curve, ACCENT);
    return Math.sign(long.x - short.x);
  };

  await setSample(0.3, 1);
  assert.equal(await readout(page, "Slope dL/dh"), formatLoss((0.3 - 1) / (0.3 * 0.7)));
  assert.equal(await arrowSide(), 1);
  assert.match(await readout(page, "Where one step"), /logit z from −0\.8473 to 1\.9527, so h moves up, from 0\.300/);

  await setSample(0.8, 0);
  assert.equal(await arrowSide(), -1);
  assert.match(await readout(page, "Where one step"), /h moves down, from 0\.800/);

  await page.getByRole("checkbox", { name: "Drop the minus sign" }).check();
  assert.equal(await arrowSide(), 1, "without the minus sign the step moves away from y = 0");
  await page.getByRole("checkbox", { name: "Drop the minus sign" }).uncheck();
  await page.getByRole("region", { name: "Which way training pushes" }).screenshot({ path: `${ARTIFACTS}train-panel.png` });
});

test("logit axis bounds the slope", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  await setSample(0.001, 1);
  assert.equal(await readout(page, "Slope dL/dh"), formatLoss((0.001 - 1) / (0.001 * 0.999)));

  await page.getByRole("checkbox", { name: "Logit z on the horizontal axis" }).check();
  await nextFrame(page);
  assert.equal(await readout(page, "Slope dL/dz"), formatLoss(0.001 - 1));
  assert.equal(await page.getByRole("img", { name: /over the logit z/ }).count(), 1);
  await page.getByRole("figure").first().screenshot({ path: `${ARTIFACTS}curve-logit.png` });
});

test("step lowers the batch mean", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const rows = () =>
    page.getByRole("row").evaluateAll((all) =>
      all.slice(1).map((row) => Number(row.querySelector("[data-part=h]").textContent)),
    );
  const before = await rows();
  const meanBefore = Number(await readout(page, "Mini-batch mean"));

  await page.getByRole("slider", { name: "Learning rate η" }).fill("2");
  await page.getByRole("button", { name: "Step the selected sample" }).click();
  await nextFrame(page);
  const afterOne = await rows();
  assert.ok(Math.abs(afterOne[0] - sigmoid(logit(0.9) - 2 * (0.9 - 1))) < 1e-6, `h = ${afterOne[0]}`);
  assert.deepEqual(afterOne.slice(1), before.slice(1));
  const meanOne = Number(await readout(page, "Mini-batch mean"));
  assert.ok(meanOne < meanBefore, `${meanOne} < ${meanBefore}`);

  await page.getByRole("button", { name: "Step all samples" }).click();
  await nextFrame(page);
  const labels = [1, 1, 1, 0, 0];
  const afterAll = await rows();
  afterAll.forEach((h, index) => {
    const expected = sigmoid(logit(afterOne[index]) - 2 * (afterOne[index] - labels[index]));
    assert.ok(Math.abs(h - expected) < 1e-6, `sample ${index + 1}: ${h} against ${expected}`);
  });
  const expectedMean = afterAll.reduce((sum, h, index) => sum + bce(h, labels[index]), 0) / 5;
  const meanAll = await readout(page, "Mini-batch mean");
  assert.equal(meanAll, formatLoss(expectedMean));
  assert.ok(Number(meanAll) < meanOne, `${meanAll} < ${meanOne}`);
});

test("explanations ordered and hideable", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const components = page.getByRole("paragraph").filter({ hasText: /^What goes in\./ });
  const gan = page.getByRole("paragraph").filter({ hasText: /^Use in GANs\./ });
  const reading = page.getByRole("paragraph").filter({ hasText: /^Reading the loss\./ });
  const order = await page.evaluate(() => {
    const [a, b, c] = ["What goes in.", "Use in GANs.", "Reading the loss."].map((start) =>
      [...document.querySelectorAll(".bce-explain")].find((node) => node.textContent.startsWith(start)),
    );
    const follows = (first, second) =>
      Boolean(first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING);
    return follows(a, b) && follows(b, c);
  });
  assert.ok(order, "the explanations are out of order");
  assert.match(await components.textContent(), /features x.*parameters θ.*h = h\(x; θ\)/s);
  for (const text of [components, gan, reading]) assert.equal(await text.isVisible(), true);

  const show = page.getByRole("checkbox", { name: "Show the explanations" });
  await show.uncheck();
  for (const text of [components, gan, reading]) assert.equal(await text.isVisible(), false);
  // The readouts stay.
  assert.equal(await page.getByRole("status", { name: /^Loss/ }).isVisible(), true);
  await show.check();
  for (const text of [components, gan, reading]) assert.equal(await text.isVisible(), true);
});

test("step moves samples off edges", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const step = page.getByRole("button", { name: "Step the selected sample" });
  for (const [h, y] of [[1, 0], [0, 1]]) {
    await setSample(h, y);
    assert.equal(await readout(page, "Loss"), "∞");
    await step.click();
    await nextFrame(page);
    const moved = Number(await page.getByRole("textbox", { name: "Prediction h, typed" }).inputValue());
    assert.ok(moved > 0, `h = ${moved} from ${h}`);
    assert.ok(moved < 1, `h = ${moved} from ${h}`);
    assert.notEqual(await readout(page, "Loss"), "∞");
  }

  // Without the minus sign a step pushes h = 0 further out, so h stays, and the sentence
  // gives the reason.
  await setSample(0, 1);
  await page.getByRole("checkbox", { name: "Drop the minus sign" }).check();
  await step.click();
  await nextFrame(page);
  assert.equal(await page.getByRole("textbox", { name: "Prediction h, typed" }).inputValue(), "0.000");
  assert.match(await readout(page, "Where one step"), /on the edge.*so h stays/);
});

test("link and attributes set the view", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?axis=logit&minus=dropped&rate=2.5`);
  assert.equal(await page.getByRole("checkbox", { name: "Logit z on the horizontal axis" }).isChecked(), true);
  assert.equal(await page.getByRole("checkbox", { name: "Drop the minus sign" }).isChecked(), true);
  assert.equal(await page.getByRole("slider", { name: "Learning rate η" }).inputValue(), "2.5");
  assert.equal(await page.getByRole("img", { name: /^Curve of −L.*over the logit z/ }).count(), 1);

  // A person's change reaches the link and the element snippet.
  await page.getByRole("checkbox", { name: "Drop the minus sign" }).uncheck();
  await page.waitForFunction(() => !window.location.search.includes("minus="), null, { timeout: 5000 });
  await page.getByText("Share or embed this state").click();
  const snippet = await page.getByRole("textbox", { name: /element/ }).inputValue();
  assert.match(snippet, /axis="logit"/);
  assert.match(snippet, /rate="2.5"/);
  assert.doesNotMatch(snippet, /minus=/);
});

test("invalid view settings fall back", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?axis=sideways&rate=9`);
  assert.equal(await page.getByRole("checkbox", { name: "Logit z on the horizontal axis" }).isChecked(), false);
  assert.equal(await page.getByRole("slider", { name: "Learning rate η" }).inputValue(), "1");
  const notice = await page.getByRole("status").filter({ hasText: "Parts of this link" }).textContent();
  assert.match(notice, /axis = "sideways": axis is unknown/);
  assert.match(notice, /rate = "9": expected a learning rate from 0\.1 to 4/);
});

test("quiz hides losses until a guess", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const loss = page.getByRole("status", { name: /^Loss/ });
  const meanBefore = await readout(page, "Mini-batch mean");
  await page.getByRole("button", { name: "Quiz: guess a loss first" }).click();
  await nextFrame(page);

  /** Reads the question's h and y and returns its loss, computed here. */
  const questionLoss = async () => {
    const question = await page.getByText(/^The model gives h = /).textContent();
    const [, h, kind] = question.match(/h = ([0-9.]+), .* is (real|fake)/);
    return bce(Number(h), kind === "real" ? 1 : 0);
  };
  const expected = await questionLoss();
  assert.equal(await loss.isVisible(), false);
  assert.equal(await page.getByRole("img", { name: /curve/i }).isVisible(), false);
  assert.equal(await page.getByRole("table").isVisible(), false);

  // Bad guesses get a message next to the field, and the question stays.
  const guess = page.getByRole("textbox", { name: "Your guess for L" });
  const reveal = page.getByRole("button", { name: "Reveal" });
  for (const [text, message] of [["-1", /never negative/], ["abc", /not a number/], ["", /Enter your guess/]]) {
    await guess.fill(text);
    await reveal.click();
    assert.match(await fieldMessage(guess), message, `guess ${JSON.stringify(text)}`);
    assert.equal(await guess.getAttribute("aria-invalid"), "true");
    assert.equal(await loss.isVisible(), false);
  }

  // A guess 1 above the loss is too high; after it the losses and the curve come back.
  await guess.fill(String(expected + 1));
  await guess.press("Enter");
  await nextFrame(page);
  let result = await readout(page, "Quiz result");
  assert.match(result, new RegExp(`= ${formatLoss(expected)}\\. .* is 1\\.0000 too high`));
  assert.equal(await loss.isVisible(), true);
  assert.equal(await readout(page, "Loss"), formatLoss(expected));
  await page.getByRole("region", { name: "Predict first" }).screenshot({ path: `${ARTIFACTS}quiz-panel.png` });

  // A second question, guessed right.
  await page.getByRole("button", { name: "New question" }).click();
  await nextFrame(page);
  const second = await questionLoss();
  await guess.fill(second.toFixed(4));
  await reveal.click();
  result = await readout(page, "Quiz result");
  assert.match(result, /is within 10% of it/);

  // The batch from before the quiz comes back.
  await page.getByRole("button", { name: "Back to my batch" }).click();
  await nextFrame(page);
  assert.equal(await readout(page, "Mini-batch mean"), meanBefore);
  assert.equal(await page.getByRole("row").count(), 6);
});

test("single column fills the width", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}course-notes.html`);
  const element = page.locator("#right");
  await element.evaluate((node) => node.setAttribute("controls", "sign curve"));
  await nextFrame(page);
  const curve = element.getByRole("img", { name: /^Loss curve/ });
  const widget = await element.boundingBox();
  const box = await curve.boundingBox();
  assert.ok(box.width > widget.width * 0.8, `curve ${box.width} px in a ${widget.width} px widget`);
});

test("removed attribute restores its default", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}course-notes.html`);
  const element = page.locator("#right");
  await element.evaluate((node) => node.setAttribute("axis", "logit"));
  assert.equal(await element.evaluate((node) => node.state.axis), "logit");
  await element.evaluate((node) => node.removeAttribute("axis"));
  assert.equal(await element.evaluate((node) => node.state.axis), "prediction");
});

test("leaving the quiz restores the link", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  const meanBefore = await readout(page, "Mini-batch mean");
  await page.getByRole("button", { name: "Quiz: guess a loss first" }).click();
  const guess = page.getByRole("textbox", { name: "Your guess for L" });

  await guess.fill("1e400");
  await guess.press("Enter");
  assert.match(await fieldMessage(guess), /too large to store/);
  await guess.fill("1e308");
  await guess.press("Enter");
  assert.match(await readout(page, "Quiz result"), /Your guess, 1e308, is 1\.000e308 too high\./);

  // A convention chosen during the quiz stays; the batch comes back, and so does the link.
  await page.getByRole("combobox", { name: "Loss convention" }).selectOption("pytorch");
  await page.getByRole("button", { name: "Back to my batch" }).click();
  await page.waitForFunction(() => window.location.search.includes("convention=pytorch"), null, {
    timeout: 5000,
  });
  const link = new URL(page.url());
  assert.equal(link.searchParams.get("batch"), "0.9:1,0.6:1,0.3:1,0.2:0,0.7:0");
  assert.equal(await readout(page, "Mini-batch mean"), meanBefore);
});

test("mid-quiz attribute keeps the batch", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}course-notes.html`);
  const element = page.locator("#right");
  const batch = await element.getAttribute("batch");
  await element.getByRole("button", { name: "Quiz: guess a loss first" }).click();
  await element.evaluate((node) => node.setAttribute("convention", "keras"));
  const state = await element.evaluate((node) => node.state);
  assert.equal(state.batch, batch);
  assert.equal(state.convention, "keras");
  assert.equal(await element.getByRole("status", { name: /^Loss/ }).isVisible(), true);
});

test("link rate keeps its digits", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?rate=2.3`);
  await page.getByRole("checkbox", { name: "Logit z on the horizontal axis" }).check();
  await page.waitForFunction(() => window.location.search.includes("axis=logit"), null, { timeout: 5000 });
  assert.equal(new URL(page.url()).searchParams.get("rate"), "2.3");
  assert.equal(await page.getByRole("status", { name: "Where one step moves h" }).count(), 1);
  assert.match(await readout(page, "Where one step"), /η = 2\.30/);
});
