// The served pages under a strict Content Security Policy, sent as a header by the test's
// server: no inline script or style, and wasm compiled only as 'wasm-unsafe-eval' allows.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, nextFrame, startServer } from "./support.mjs";

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let server;
let browser;

before(async () => {
  server = await startServer(undefined, { "Content-Security-Policy": POLICY });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const path of ["", "course-notes.html", "api-example.html"]) {
  test(`no violations on /${path}`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.addInitScript(() => {
      window.violations = [];
      document.addEventListener("securitypolicyviolation", (event) => {
        window.violations.push(`${event.violatedDirective}: ${event.blockedURI}`);
      });
    });

    await page.goto(`${server.url}${path}`);
    const ready = path === "api-example.html" ? page.getByRole("definition").last() : page.getByRole("status", { name: /^Loss/ }).first();
    await ready.waitFor();
    if (path !== "api-example.html") {
      await page.getByRole("slider", { name: /^Prediction h/ }).first().focus();
      await page.keyboard.press("ArrowLeft");
    }
    await nextFrame(page);

    assert.deepEqual(await page.evaluate(() => window.violations), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
