// Page benchmark: the time from a slider input event to the end of the widget's redraw,
// over many events, and the gzipped bytes of everything the page loads.
//
// Run with `cargo xtask bench`. The widget redraws in a requestAnimationFrame callback, so
// each event costs the input handler plus the frame callback. The wait for the next frame
// in between is idle time that depends on the display's refresh rate, so it is reported
// separately, as the event-to-frame latency.

import { cpus } from "node:os";
import { gzipSync } from "node:zlib";
import { launchBrowser, openWidget, startServer } from "./support.mjs";

/** Input events measured, after the warm-up. */
const EVENTS = 600;

/** Input events before measuring, so the wasm is compiled and caches are warm. */
const WARM_UP = 50;

/** Samples in the batch of the JS API benchmark. */
const BATCH_SAMPLES = 1_000_000;

/** Timed runs of each batch computation, after one warm-up run. */
const BATCH_RUNS = 21;

function percentile(sorted, fraction) {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const loaded = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The page weight counts what the page loads to start; responses after that (a favicon
  // fetched again, say) are not part of it.
  let counting = true;
  page.on("response", (response) => {
    if (counting) loaded.push(response);
  });
  page.problems = [];
  await page.goto(server.url);
  await page.getByRole("status", { name: /^Loss/ }).waitFor();
  await page.waitForLoadState("networkidle");
  counting = false;

  // Two patterns of slider values. A drag sweeps h from 0.05 to 0.95 and back in steps of
  // 0.006, as a quick mouse drag does. Jumps between distant values are the worst case,
  // because most of them also change the bar chart's axis.
  const patterns = {
    drag: (index) => {
      const phase = (index % 300) / 300;
      return 0.05 + 0.9 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase);
    },
    jumps: (index) => 0.05 + (0.9 * ((index * 37) % 101)) / 100,
  };
  const timings = {};
  for (const [name, pattern] of Object.entries(patterns)) {
    timings[name] = await page.evaluate(
      async ({ events, warmUp, source }) => {
        const valueAt = new Function(`return ${source}`)();
        const slider = document.querySelector('input[type="range"][step="0.001"]');
        const frame = () =>
          new Promise((done) => requestAnimationFrame((start) => done([start, performance.now()])));
        const work = [];
        const latency = [];
        for (let index = 0; index < events + warmUp; index += 1) {
          slider.value = String(valueAt(index));
          const start = performance.now();
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          const handled = performance.now();
          // The widget requested its frame during dispatch, so its callback runs before
          // this one in the same frame: `end` is when its redraw finished.
          const [frameStart, end] = await frame();
          if (index >= warmUp) {
            work.push(handled - start + (end - frameStart));
            latency.push(end - start);
          }
        }
        return { work, latency };
      },
      { events: EVENTS, warmUp: WARM_UP, source: pattern.toString() },
    );
  }

  let rawBytes = 0;
  let gzipBytes = 0;
  const files = [];
  for (const response of loaded) {
    const body = await response.body().catch(() => Buffer.alloc(0));
    const gzipped = gzipSync(body, { level: 9 }).length;
    rawBytes += body.length;
    gzipBytes += gzipped;
    files.push(`  ${new URL(response.url()).pathname.padEnd(28)} ${String(body.length).padStart(8)} B raw ${String(gzipped).padStart(8)} B gzip`);
  }

  const version = browser.version();
  const report = (name, values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const median = percentile(sorted, 0.5).toFixed(2);
    const p95 = percentile(sorted, 0.95).toFixed(2);
    const max = sorted.at(-1).toFixed(2);
    console.log(`${name.padEnd(38)} median ${median} ms   p95 ${p95} ms   max ${max} ms`);
  };
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}; Chromium ${version}, headless`);
  for (const [name, { work, latency }] of Object.entries(timings)) {
    console.log(`slider input events, ${name}: ${work.length} measured after ${WARM_UP} warm-up`);
    report("  input handler + redraw (work)", work);
    report("  input event to end of redraw (latency)", latency);
  }
  console.log(`page weight: ${files.length} files, ${rawBytes} B raw, ${gzipBytes} B gzipped (${(gzipBytes / 1024).toFixed(1)} KiB)`);
  console.log(files.join("\n"));

  const batch = await page.evaluate(
    async ({ samples, runs }) => {
      const api = await import("./pkg/bce_explorer_api.js");
      await api.default();
      // A fixed linear congruential generator, so every run gets the same data.
      let seed = 1;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const h = new Float64Array(samples);
      const hard = new Float64Array(samples);
      const smoothed = new Float64Array(samples);
      const soft = new Float64Array(samples);
      for (let index = 0; index < samples; index += 1) {
        h[index] = 0.001 + 0.998 * random();
        hard[index] = random() < 0.5 ? 1 : 0;
        smoothed[index] = hard[index] * 0.9;
        soft[index] = random();
      }
      const plainLoop = (y) => {
        let sum = 0;
        for (let index = 0; index < samples; index += 1) {
          const p = h[index];
          const t = y[index];
          sum += -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
        }
        return sum / samples;
      };
      const time = (compute) => {
        compute();
        const times = [];
        let value;
        for (let run = 0; run < runs; run += 1) {
          const start = performance.now();
          value = compute();
          times.push(performance.now() - start);
        }
        return { times, value };
      };
      const result = {};
      const cases = [
        ["hard labels (0 or 1)", hard],
        ["smoothed labels (0 or 0.9)", smoothed],
        ["soft labels, all different, in [0, 1)", soft],
      ];
      for (const [name, labels] of cases) {
        result[name] = {
          wasm: time(() => api.batchLossArrays(h, labels).mean),
          javascript: time(() => plainLoop(labels)),
        };
      }
      return result;
    },
    { samples: BATCH_SAMPLES, runs: BATCH_RUNS },
  );

  console.log(`\nbatch BCE of ${BATCH_SAMPLES} samples, ${BATCH_RUNS} runs each after one warm-up:`);
  for (const [name, { wasm, javascript }] of Object.entries(batch)) {
    const relative = Math.abs(wasm.value - javascript.value) / Math.abs(javascript.value);
    console.log(`${name}: means ${wasm.value} (wasm) and ${javascript.value} (JS), relative difference ${relative.toExponential(2)}`);
    report("  batchLossArrays (wasm)", wasm.times);
    report("  plain JS loop with Math.log", javascript.times);
    if (!(relative <= 1e-12)) {
      throw new Error(`${name}: wasm and JS means differ by ${relative} relative`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
