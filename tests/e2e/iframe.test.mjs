// The page inside <iframe sandbox="allow-scripts">, with no same-origin access: it renders,
// and it posts its height, which the documented parent-side snippet uses to size the frame.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { launchBrowser, startServer } from "./support.mjs";

let server;
let parentServer;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await parentServer?.close();
});

test("sandboxed iframe renders and is sized", async () => {
  // The parent page is the README's snippet, served from another origin than the widget.
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const snippet = readme.match(/<!-- iframe-snippet -->\n```html\n([\s\S]*?)```/)[1];
  const parentPage = snippet.replaceAll("https://example.org/bce-explorer/", server.url);
  const { createServer } = await import("node:http");
  parentServer = createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(parentPage);
  });
  await new Promise((done) => parentServer.listen(0, "127.0.0.1", done));
  const parentUrl = `http://127.0.0.1:${parentServer.address().port}/`;

  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await page.goto(parentUrl);

  const frame = page.frameLocator("iframe");
  await frame.getByRole("status", { name: /^Loss/ }).waitFor();
  assert.equal((await frame.getByRole("status", { name: /^Loss/ }).textContent()).trim(), "0.1054");
  assert.equal(await page.locator("iframe").getAttribute("sandbox"), "allow-scripts");

  await page.waitForFunction(() => document.querySelector("iframe").offsetHeight > 900);
  const sizes = await page.evaluate(() => ({
    frame: document.querySelector("iframe").offsetHeight,
  }));
  assert.ok(sizes.frame > 900, `frame is ${sizes.frame} px tall`);

  // A message of the wrong shape or from another window leaves the height alone.
  await page.evaluate(() => window.postMessage({ type: "bce-explorer:height", height: 5 }, "*"));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.querySelector("iframe").offsetHeight), sizes.frame);
  assert.deepEqual(problems, []);
  await page.close();
});
