// End-to-end tests of the built page: sliders by keyboard and mouse, the mini-batch, bad
// input, canvas pixels, high-DPI canvases and the phone layout, in headless Chromium.

import { afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import {
  ARTIFACTS,
  bce,
  canvasPixels,
  fieldMessage,
  formatLoss,
  nextFrame,
  openWidget,
  readout,
  browserSuite,
  closePage,
} from "./support.mjs";

const DEFAULT_BATCH = [
  [0.9, 1],
  [0.6, 1],
  [0.3, 1],
  [0.2, 0],
  [0.7, 0],
];

const meanLoss = (batch) => batch.reduce((sum, [h, y]) => sum + bce(h, y), 0) / batch.length;

const suite = browserSuite();
let page;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

afterEach(async () => {
  await closePage(page);
  page = undefined;
});

const hSlider = () => page.getByRole("slider", { name: /^Prediction h/ });
const ySlider = () => page.getByRole("slider", { name: /^Label y/ });
const hField = () => page.getByRole("textbox", { name: /^Prediction h/ });
const yField = () => page.getByRole("textbox", { name: /^Label y/ });
const curve = () => page.getByRole("img", { name: /^Loss curve/ });
const bars = () => page.getByRole("img", { name: /^Losses of/ });

describe("opening the page", () => {
  test("shows default batch readouts", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 1)));
    assert.equal(await readout(page, "Mini-batch mean loss"), "0.6495");
    assert.equal(formatLoss(meanLoss(DEFAULT_BATCH)), "0.6495");
    assert.equal(await hSlider().inputValue(), "0.9");
    assert.equal(await hField().inputValue(), "0.900");
    assert.equal(await page.getByRole("row").count(), 1 + DEFAULT_BATCH.length);
    const screenshot = new URL("../../docs/screenshot.png", import.meta.url).pathname;
    await page.screenshot({ path: screenshot, fullPage: true });
  });

  test("slider value text names the loss", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    assert.equal(await hSlider().getAttribute("aria-valuetext"), "0.900, loss 0.1054");
    assert.equal(await ySlider().getAttribute("aria-valuetext"), "1.00 (real), loss 0.1054");
  });
});

describe("prediction slider", () => {
  test("keyboard moves h and loss", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    await hSlider().focus();

    for (let press = 0; press < 5; press += 1) await page.keyboard.press("ArrowRight");
    await nextFrame(page);
    assert.equal(await hField().inputValue(), "0.905");
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.905, 1)));

    await page.keyboard.press("End");
    await nextFrame(page);
    assert.equal(await readout(page, "Loss"), "0.0000");

    await page.keyboard.press("Home");
    await nextFrame(page);
    assert.equal(await readout(page, "Loss"), "∞");
    assert.equal(await readout(page, "Mini-batch mean loss"), "∞");
  });

  test("mouse drag moves h and loss", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    const box = await hSlider().boundingBox();
    const middle = box.y + box.height / 2;

    await page.mouse.move(box.x + box.width * 0.9, middle);
    await page.mouse.down();
    for (let step = 1; step <= 10; step += 1) {
      await page.mouse.move(box.x + box.width * (0.9 - 0.07 * step), middle);
    }
    await page.mouse.up();
    await nextFrame(page);

    const h = Number(await hSlider().inputValue());
    assert.ok(h > 0.1, `drag ended at h = ${h}`);
    assert.ok(h < 0.3, `drag ended at h = ${h}`);
    assert.equal(await hField().inputValue(), h.toFixed(3));
    assert.equal(await readout(page, "Loss"), formatLoss(bce(h, 1)));
  });

  test("canvas pixels change with h", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    const curveBefore = await canvasPixels(curve());
    const barsBefore = await canvasPixels(bars());

    await hField().fill("0.4");
    await nextFrame(page);

    assert.notEqual(await canvasPixels(curve()), curveBefore);
    assert.notEqual(await canvasPixels(bars()), barsBefore);
  });
});

describe("lifecycle", () => {
  test("destroy right after an edit", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await page.evaluate(async () => {
      const { mount } = await import("./pkg/bce_explorer.js");
      for (let round = 0; round < 20; round += 1) {
        const container = document.createElement("div");
        document.body.append(container);
        const widget = mount(container);
        container.querySelector('input[type="range"]').dispatchEvent(new Event("input"));
        widget.destroy();
        container.remove();
      }
    });
    await nextFrame(page);
    await page.waitForTimeout(50);

    assert.deepEqual(page.problems, []);
  });
});

describe("label", () => {
  test("snap buttons set hard labels", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await page.getByRole("button", { name: "y = 0 (fake)" }).click();
    await nextFrame(page);
    assert.equal(await yField().inputValue(), "0.00");
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 0)));

    await page.getByRole("button", { name: "y = 1 (real)" }).click();
    await nextFrame(page);
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 1)));
  });

  test("soft label weights both branches", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await yField().fill("0.9");
    await nextFrame(page);

    assert.equal(await ySlider().inputValue(), "0.9");
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 0.9)));
    const real = await page.getByRole("status", { name: /^y·\(−ln h\)/ }).textContent();
    const fake = await page.getByRole("status", { name: /^\+ \(1 − y\)/ }).textContent();
    assert.equal(real, `0.90 × ${formatLoss(-Math.log(0.9))} = ${formatLoss(-0.9 * Math.log(0.9))}`);
    assert.equal(fake, `0.10 × ${formatLoss(-Math.log(0.1))} = ${formatLoss(-0.1 * Math.log(0.1))}`);
  });
});

describe("mini-batch", () => {
  test("selecting sample moves sliders", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await page.getByRole("radio", { name: "Edit sample 4" }).check();
    await nextFrame(page);

    assert.equal(await hField().inputValue(), "0.200");
    assert.equal(await yField().inputValue(), "0.00");
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.2, 0)));
  });

  test("editing selected sample updates mean", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    await page.getByRole("radio", { name: "Edit sample 3" }).check();

    await hField().fill("0.65");
    await nextFrame(page);

    const batch = DEFAULT_BATCH.map((sample) => [...sample]);
    batch[2][0] = 0.65;
    assert.equal(await readout(page, "Mini-batch mean loss"), formatLoss(meanLoss(batch)));
    const row = page.getByRole("row").nth(3);
    assert.match(await row.textContent(), /0\.650/);
  });

  test("keyboard selects rows", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    await page.getByRole("radio", { name: "Edit sample 1" }).focus();

    await page.keyboard.press("ArrowDown");
    await nextFrame(page);

    assert.equal(await page.getByRole("radio", { name: "Edit sample 2" }).isChecked(), true);
    assert.equal(await hField().inputValue(), "0.600");
  });

  test("add up to 32 and remove to 1", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    const add = page.getByRole("button", { name: "Add sample" });

    for (let count = DEFAULT_BATCH.length; count < 32; count += 1) await add.click();
    await nextFrame(page);
    assert.equal(await page.getByRole("radio").count(), 32);
    const added = [...DEFAULT_BATCH, ...Array(27).fill([0.5, 1])];
    assert.equal(await readout(page, "Mini-batch mean loss"), formatLoss(meanLoss(added)));

    for (let count = 32; count > 1; count -= 1) {
      await page.getByRole("button", { name: "Remove sample 1", exact: true }).click();
    }
    await nextFrame(page);
    assert.equal(await page.getByRole("radio").count(), 1);
    assert.equal(
      await page.getByRole("button", { name: "Remove sample 1", exact: true }).isDisabled(),
      true,
    );
    assert.equal(await readout(page, "Mini-batch mean loss"), formatLoss(bce(0.5, 1)));
  });
});

describe("bad input", () => {
  const BAD_INPUTS = [
    ["abc", /That is not a number/],
    ["1.5", /“1\.5” is outside 0 to 1/],
    ["-0.1", /“-0\.1” is outside 0 to 1/],
    ["NaN", /That is not a number/],
    ["", /Enter a number from 0 to 1/],
  ];

  for (const [text, message] of BAD_INPUTS) {
    test(`prediction field rejects ${JSON.stringify(text)}`, async () => {
      page = await openWidget(suite.browser, suite.server.url);
      const before = {
        loss: await readout(page, "Loss"),
        mean: await readout(page, "Mini-batch mean loss"),
        curve: await canvasPixels(curve()),
        bars: await canvasPixels(bars()),
      };

      await hField().fill(text);
      await nextFrame(page);

      assert.match(await fieldMessage(hField()), message);
      assert.match(await fieldMessage(hField()), /Still using h = 0\.900/);
      assert.equal(await hField().getAttribute("aria-invalid"), "true");
      assert.equal(await hSlider().inputValue(), "0.9");
      assert.equal(await readout(page, "Loss"), before.loss);
      assert.equal(await readout(page, "Mini-batch mean loss"), before.mean);
      assert.equal(await canvasPixels(curve()), before.curve);
      assert.equal(await canvasPixels(bars()), before.bars);
      assert.doesNotMatch(await page.locator("body").innerText(), /NaN/);
    });

    test(`label field rejects ${JSON.stringify(text)}`, async () => {
      page = await openWidget(suite.browser, suite.server.url);
      const loss = await readout(page, "Loss");

      await yField().fill(text);
      await nextFrame(page);

      assert.match(await fieldMessage(yField()), /Still using y = 1\.00/);
      assert.equal(await yField().getAttribute("aria-invalid"), "true");
      assert.equal(await readout(page, "Loss"), loss);
    });
  }

  test("valid entry clears message", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await hField().fill("abc");
    await hField().fill("0.25");
    await nextFrame(page);

    assert.equal(await fieldMessage(hField()), "");
    assert.equal(await hField().getAttribute("aria-invalid"), null);
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.25, 1)));
  });

  test("leaving invalid field restores value", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await hField().fill("abc");
    await hField().press("Tab");

    assert.equal(await hField().inputValue(), "0.900");
    assert.equal(await hField().getAttribute("aria-invalid"), null);
    assert.match(await fieldMessage(hField()), /Still using h = 0\.900/);
  });

  test("too small and too long entries", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await hField().fill("1e-400");
    assert.match(await fieldMessage(hField()), /too small to store/);

    await hField().fill("9".repeat(400));
    const message = await fieldMessage(hField());
    assert.match(message, /is outside 0 to 1/);
    assert.ok(message.length < 160, `message is ${message.length} characters`);
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 1)));
  });

  test("escape restores last valid value", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await hField().fill("2");
    await hField().press("Escape");

    assert.equal(await hField().inputValue(), "0.900");
    assert.equal(await fieldMessage(hField()), "");
  });

  test("readouts stay finite after every bad input", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    for (const [text] of BAD_INPUTS) {
      await hField().fill(text);
      await yField().fill(text);
    }
    await nextFrame(page);

    for (const output of await page.getByRole("status").all()) {
      const value = (await output.textContent()).trim();
      assert.doesNotMatch(value, /NaN|undefined|error/, `readout ${value}`);
    }
  });
});

describe("conventions and precision", () => {
  const convention = () => page.getByRole("combobox", { name: /convention/i });
  const precision = () => page.getByRole("combobox", { name: /^Precision/ });

  test("frameworks cap an infinite loss", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    await hField().fill("0");
    await nextFrame(page);

    assert.equal(await readout(page, "Loss"), "∞");
    const note = page.getByText(/The exact loss is ∞/);
    assert.equal(await note.isVisible(), true);
    const text = await note.textContent();
    assert.match(text, /PyTorch at 100\.0000/);
    assert.match(text, /Keras at 16\.1181/);
    assert.match(text, /scikit-learn at 36\.0437/);
    const row = page.getByRole("row").nth(1);
    assert.match(await row.getAttribute("class"), /bce-infinite/);

    const expected = { pytorch: "100.0000", keras: "16.1181", sklearn: "36.0437" };
    for (const [name, loss] of Object.entries(expected)) {
      await convention().selectOption(name);
      await nextFrame(page);
      assert.equal(await readout(page, "Loss"), loss, name);
      assert.notEqual(await readout(page, "Mini-batch mean loss"), "∞", name);
    }
  });

  test("PyTorch mean of reference batch", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    await convention().selectOption("pytorch");
    const batch = [[1, 1], [1, 0], [0, 0], [0, 0]];
    for (let index = 0; index < batch.length; index += 1) {
      await page.getByRole("radio", { name: `Edit sample ${index + 1}` }).check();
      await hField().fill(String(batch[index][0]));
      await yField().fill(String(batch[index][1]));
    }
    await page.getByRole("button", { name: "Remove sample 5", exact: true }).click();
    await nextFrame(page);

    assert.equal(await readout(page, "Mini-batch mean loss"), "25.0000");
  });

  test("float32 rounds a near-one prediction", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    await page.getByRole("button", { name: "y = 0 (fake)" }).click();
    await hField().fill("0.99999999");
    await nextFrame(page);
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.99999999, 0)));

    await precision().selectOption("float32");
    await nextFrame(page);
    assert.equal(await readout(page, "Loss"), "∞");
    const note = page.getByText(/keeps about 7 digits/);
    assert.equal(await note.isVisible(), true);
    assert.match(await note.textContent(), /stored as 1/);
  });
});

describe("typed values", () => {
  test("extra digits are shown and used", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await hField().fill("0.12345");
    await yField().fill("0.905");
    await nextFrame(page);

    const row = page.getByRole("row").nth(1);
    assert.match(await row.textContent(), /0\.12345/);
    assert.match(await row.textContent(), /0\.905 soft/);
    assert.equal(await readout(page, "Loss"), formatLoss(bce(0.12345, 0.905)));
    const real = await page.getByRole("status", { name: /^y·\(−ln h\)/ }).textContent();
    assert.match(real, /^0\.905 × /);
  });

  test("minus zero shows as zero", async () => {
    page = await openWidget(suite.browser, suite.server.url);

    await hField().fill("-0");
    await hField().press("Tab");
    await nextFrame(page);

    assert.equal(await hField().inputValue(), "0.000");
    assert.doesNotMatch(await page.locator("body").innerText(), /-0\.0/);
  });

  test("zero weight note for perfect prediction", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    const note = page.getByText("0 × ∞ is taken as 0");

    assert.equal(await note.isVisible(), false);
    await hField().fill("1");
    await nextFrame(page);
    assert.equal(await note.isVisible(), true);
  });
});

describe("canvas sizing", () => {
  test("backing store follows device pixel ratio", async () => {
    page = await openWidget(suite.browser, suite.server.url, { deviceScaleFactor: 2 });

    const sizes = await curve().evaluate((canvas) => ({
      width: canvas.width,
      height: canvas.height,
      cssWidth: canvas.getBoundingClientRect().width,
      cssHeight: canvas.getBoundingClientRect().height,
    }));
    assert.ok(Math.abs(sizes.width - sizes.cssWidth * 2) <= 1, JSON.stringify(sizes));
    assert.ok(Math.abs(sizes.height - sizes.cssHeight * 2) <= 1, JSON.stringify(sizes));
  });

  test("resize redraws at new size", async () => {
    page = await openWidget(suite.browser, suite.server.url);
    const before = await curve().evaluate((canvas) => canvas.width);

    await page.setViewportSize({ width: 700, height: 900 });
    await nextFrame(page);
    await nextFrame(page);

    const after = await curve().evaluate((canvas) => ({
      width: canvas.width,
      cssWidth: canvas.getBoundingClientRect().width,
    }));
    assert.notEqual(after.width, before);
    assert.ok(Math.abs(after.width - after.cssWidth) <= 1, JSON.stringify(after));
  });

  test("narrow container on wide page", async () => {
    page = await openWidget(suite.browser, suite.server.url, { viewport: { width: 1000, height: 900 } });

    await page.locator("[data-bce-explorer]").evaluate((container) => {
      container.style.width = "300px";
    });
    await nextFrame(page);
    await nextFrame(page);

    for (const canvas of [curve(), bars()]) {
      const width = await canvas.evaluate((element) => element.getBoundingClientRect().width);
      assert.ok(width > 200, `canvas is ${width} px wide`);
    }
  });

  test("phone width has no sideways scroll", async () => {
    page = await openWidget(suite.browser, suite.server.url, { viewport: { width: 360, height: 780 } });

    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0);
    await page.screenshot({ path: `${ARTIFACTS}phone.png`, fullPage: true });
  });
});
