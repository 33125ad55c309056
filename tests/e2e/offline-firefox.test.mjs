// dist/bce-explorer.html opened from file:// in Firefox (Debian's firefox-esr, driven by
// puppeteer-core over WebDriver BiDi), with no request leaving the page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { DIST, bce, formatLoss } from "./support.mjs";

const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";

test("single file works offline in Firefox", async () => {
  const browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true });
  try {
    const page = await browser.newPage();
    const problems = [];
    const requests = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    // Firefox loads its own fonts from data: URLs; anything else would be the page's.
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith("file:") && !url.startsWith("data:")) requests.push(url);
    });

    await page.goto(pathToFileURL(join(DIST, "bce-explorer.html")).href);
    await page.waitForFunction(
      () => document.querySelector('output[data-part="loss"]')?.textContent !== "",
      { timeout: 30_000 },
    );
    const loss = await page.$eval('output[data-part="loss"]', (output) => output.textContent);
    const mean = await page.$eval('output[data-part="mean"]', (output) => output.textContent);

    assert.equal(loss, formatLoss(bce(0.9, 1)));
    assert.equal(mean, "0.6495");
    assert.deepEqual(requests, []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
