// The standalone page keeps its state in the link, so a reload or a shared link restores
// it. Malformed or hostile link values are ignored with a visible notice, and the share
// panel offers the link and embed snippets for the current state.

import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import {
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

afterEach(async () => {
  await closePage(page);
  page = undefined;
});

const notice = () => page.getByRole("status").filter({ hasText: "Parts of this link" });

test("link sets the state", async () => {
  page = await openWidget(suite.browser, `${suite.server.url}?batch=0.9:1,0.2:0&selected=2&convention=pytorch`);

  assert.equal(await readout(page, "Loss"), formatLoss(bce(0.2, 0)));
  const convention = page.getByRole("combobox", { name: /convention/i });
  assert.equal(await convention.inputValue(), "pytorch");
  assert.equal(await page.getByRole("radio", { name: "Edit sample 2" }).isChecked(), true);
  assert.equal(await notice().count(), 0);
});

test("state survives a reload", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  await page.getByRole("textbox", { name: /^Prediction h/ }).fill("0.42");
  await page.getByRole("radio", { name: "Edit sample 4" }).check();
  await nextFrame(page);
  await page.waitForFunction(() => window.location.search.includes("selected=4"));
  const loss = await readout(page, "Loss");
  const mean = await readout(page, "Mini-batch mean loss");

  assert.match(page.url(), /batch=0\.42%3A1/);
  assert.match(page.url(), /selected=4/);
  await page.reload();
  await page.getByRole("status", { name: /^Loss/ }).waitFor();
  await nextFrame(page);

  assert.equal(await readout(page, "Loss"), loss);
  assert.equal(await readout(page, "Mini-batch mean loss"), mean);
});

test("hostile link values stay inert", async () => {
  const hostile = new URLSearchParams({
    batch: '<img src=x onerror="window.pwned=1">:1',
    selected: "<script>window.pwned=1</script>",
    h: "abc",
    y: "9",
    convention: "javascript:alert(1)",
    precision: "x".repeat(5000),
  });
  page = await openWidget(suite.browser, `${suite.server.url}?${hostile}`);

  const text = await notice().textContent();
  for (const name of ["batch", "selected", "h", "y", "convention", "precision"]) {
    assert.match(text, new RegExp(`${name}`), `${name} missing from the notice`);
  }
  assert.match(text, /longer than 2000 characters/);
  assert.equal(await page.locator("main img").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await readout(page, "Loss"), formatLoss(bce(0.9, 1)));
});

test("share panel gives link and embed code", async () => {
  page = await openWidget(suite.browser, suite.server.url);
  await page.getByRole("button", { name: "y = 0 (fake)" }).click();
  await nextFrame(page);
  await page.waitForFunction(() => window.location.search.includes("0.9%3A0"));
  await page.getByText("Share or embed this state").click();

  const link = await page.getByRole("textbox", { name: "Link" }).inputValue();
  assert.match(link, /\?batch=0\.9%3A0%2C0\.6%3A1/);
  const iframe = await page.getByRole("textbox", { name: /iframe/ }).inputValue();
  assert.ok(iframe.startsWith(`<iframe class="bce-frame" src="${link}"`), iframe);
  assert.match(iframe, /sandbox="allow-scripts"/);
  assert.match(iframe, /bce-explorer:height/);
  const element = await page.getByRole("textbox", { name: /element/ }).inputValue();
  assert.match(element, /<bce-explorer batch="0\.9:0,0\.6:1,0\.3:1,0\.2:0,0\.7:0" selected="1"><\/bce-explorer>/);

  // The embed code works: a page made of it shows the same loss.
  const embedded = await suite.browser.newPage();
  await embedded.goto(`${suite.server.url}course-notes.html`);
  await embedded.setContent(element, { waitUntil: "load" });
  await embedded.getByRole("status", { name: /^Loss/ }).waitFor();
  assert.equal(await readout(embedded, "Loss"), formatLoss(bce(0.9, 0)));
  await embedded.close();
});
