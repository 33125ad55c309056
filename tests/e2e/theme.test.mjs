// Theming and layout attributes: dark colours from the system preference or the theme
// attribute, in the HTML and the plots alike; compact; and controls.

import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { nextFrame, browserSuite, closePage } from "./support.mjs";

const suite = browserSuite();
let page;

afterEach(async () => {
  await closePage(page);
  page = undefined;
});

async function open(path, options = {}) {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  page = await context.newPage();
  page.problems = [];
  page.warnings = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(message.text());
    if (message.type() === "warning") page.warnings.push(message.text());
  });
  page.on("pageerror", (error) => page.problems.push(error.message));
  await page.goto(`${suite.server.url}${path}`);
  await page.getByRole("status", { name: /^Loss/ }).first().waitFor();
  await nextFrame(page);
}

/** Returns the brightness (0 to 255) of a canvas's top-left pixel: its background. */
function background(canvas) {
  return canvas.evaluate((element) => {
    const [r, g, b] = element.getContext("2d").getImageData(3, 3, 1, 1).data;
    return (r + g + b) / 3;
  });
}

test("system dark preference darkens plots", async () => {
  await open("", { colorScheme: "dark" });
  const curve = page.getByRole("img", { name: /^Loss curve/ });
  assert.ok((await background(curve)) < 60, "the plot stayed light");

  await page.emulateMedia({ colorScheme: "light" });
  await nextFrame(page);
  await nextFrame(page);
  assert.ok((await background(curve)) > 200, "the plot did not follow the light preference");
});

test("theme attribute overrides preference", async () => {
  await open("course-notes.html", { colorScheme: "light" });
  const element = page.locator("#right");
  const curve = element.getByRole("img", { name: /^Loss curve/ });
  assert.ok((await background(curve)) > 200);

  await element.evaluate((node) => node.setAttribute("theme", "dark"));
  await nextFrame(page);
  await nextFrame(page);
  assert.ok((await background(curve)) < 60, "theme=dark left the plot light");
  const other = page.locator("#fooled").getByRole("img", { name: /^Loss curve/ });
  assert.ok((await background(other)) > 200, "the other element changed too");

  await element.evaluate((node) => node.setAttribute("theme", "purple"));
  assert.match(page.warnings.at(-1), /ignored theme = "purple"/);
});

test("compact hides explanations", async () => {
  await open("course-notes.html");
  const element = page.locator("#right");
  const note = element.getByText(/^Dots are the samples/);
  const key = element.getByText("−ln h, the branch for y = 1");
  assert.equal(await note.isVisible(), true);

  await element.evaluate((node) => node.setAttribute("compact", ""));
  assert.equal(await note.isVisible(), false);
  // The curves' key is part of the chart, not an explanation.
  assert.equal(await key.isVisible(), true);
  // The widget's own box for the explanations would do nothing against the attribute.
  assert.equal(await element.getByRole("checkbox", { name: "Show the explanations" }).isVisible(), false);
  assert.equal(await element.getByRole("slider", { name: /^Prediction h/ }).isVisible(), true);
});

test("controls naming no panel shows all", async () => {
  await open("course-notes.html");
  const element = page.locator("#right");
  for (const value of ["", "nonsense"]) {
    await element.evaluate((node, controls) => node.setAttribute("controls", controls), value);
    assert.equal(await element.getByRole("img", { name: /^Loss curve/ }).isVisible(), true, `"${value}"`);
    assert.equal(await element.getByRole("table").isVisible(), true, `"${value}"`);
  }
  assert.match(page.warnings.at(-1), /controls names no panel/);
});

test("controls choose the panels", async () => {
  await open("course-notes.html");
  const element = page.locator("#right");

  await element.evaluate((node) => node.setAttribute("controls", "sliders curve"));
  await nextFrame(page);

  assert.equal(await element.getByRole("slider", { name: /^Prediction h/ }).isVisible(), true);
  assert.equal(await element.getByRole("img", { name: /^Loss curve/ }).isVisible(), true);
  assert.equal(await element.getByRole("img", { name: /^Losses of/ }).isVisible(), false);
  assert.equal(await element.getByRole("table").isVisible(), false);
  assert.equal(await element.getByRole("combobox", { name: /convention/i }).isVisible(), false);
  const width = await element.getByRole("img", { name: /^Loss curve/ }).evaluate((canvas) => canvas.width);
  assert.ok(width > 100, `the curve is ${width} px wide`);
});
