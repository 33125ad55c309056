// Shared pieces of the end-to-end tests: a static server for dist/ on 127.0.0.1, Debian's
// headless Chromium through playwright-core, and the loss formula to check readouts against.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

/** dist/ as built by `cargo xtask build`; the test command passes it in BCE_DIST. */
export const DIST = resolve(process.env.BCE_DIST ?? new URL("../../dist", import.meta.url).pathname);

/** Debian's Chromium; the test command passes it in CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Folder for screenshots the tests keep as artifacts. */
export const ARTIFACTS = new URL("./artifacts/", import.meta.url).pathname;

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/**
 * Serves `root` on 127.0.0.1 at a free port. `headers` are added to every response.
 * Returns the base URL and a function that stops the server.
 */
export async function startServer(root = DIST, headers = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
      // Any origin may load the files, as from a static host: a sandboxed iframe has an
      // opaque origin, and module scripts and wasm are fetched with CORS.
      response
        .writeHead(200, { "Content-Type": type, "Access-Control-Allow-Origin": "*", ...headers })
        .end(body);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(done)),
  };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/**
 * Opens `url` in a new page and waits until the widget has drawn. Console errors and
 * uncaught exceptions are collected in `page.problems`, which every test checks is empty.
 */
export async function openWidget(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => page.problems.push(`uncaught: ${error.message}`));
  await page.goto(url);
  await page.getByRole("status", { name: /^Loss/ }).first().waitFor();
  await nextFrame(page);
  return page;
}

/** Resolves after the page has drawn two more animation frames. */
export function nextFrame(page) {
  return page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}

/** Computes the loss `L(h, y)` here, independently of the Rust core. */
export function bce(h, y) {
  const real = y === 0 ? 0 : -y * Math.log(h);
  const fake = y === 1 ? 0 : -(1 - y) * Math.log1p(-h);
  return real + fake;
}

/** Formats a loss as the page does: four decimals with a "−" for negatives, or "∞". */
export function formatLoss(value) {
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "−∞";
  return value < 0 ? `−${(-value).toFixed(4)}` : value.toFixed(4);
}

/** Returns the text of the `<output>` whose accessible name starts with `name`. */
export async function readout(scope, name) {
  return (await scope.getByRole("status", { name: new RegExp(`^${name}`) }).textContent()).trim();
}

/** Returns the message shown next to a field: the text of its aria-describedby element. */
export function fieldMessage(field) {
  return field.evaluate((element) => {
    const id = element.getAttribute("aria-describedby");
    return document.getElementById(id)?.textContent ?? "";
  });
}

/** Returns a canvas's pixels as a data URL, to compare drawings. */
export function canvasPixels(canvas) {
  return canvas.evaluate((element) => element.toDataURL());
}

/**
 * Starts a server for dist/ and a browser before a test file's tests and stops them after.
 * Returns an object whose `server` and `browser` are set once the tests run. `headers` are
 * added to every response.
 */
export function browserSuite(headers = {}) {
  const suite = { server: undefined, browser: undefined };
  before(async () => {
    suite.server = await startServer(DIST, headers);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** Closes a test's page and fails the test if the page logged errors. */
export async function closePage(page) {
  const problems = page?.problems ?? [];
  await page?.context().close();
  assert.deepEqual(problems, [], "the page logged errors");
}
