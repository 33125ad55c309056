// The standalone page: starts the widget, keeps its state in the link (so a reload or a
// shared link restores it), and offers the link and embed snippets for the current state.
import init, { mount } from "./pkg/bce_explorer.js";

// The settings a link or snippet names only when they differ from these defaults.
const SETTING_DEFAULTS = {
  convention: "exact",
  precision: "float64",
  mode: "standard",
  generator: "non-saturating",
  axis: "prediction",
  minus: "kept",
  rate: 1,
};
const STATE_KEYS = ["batch", "selected", "h", "y", ...Object.keys(SETTING_DEFAULTS)];
// Longer parameter values are ignored unread: a full 64-sample batch is under 1,000 chars.
const MAX_PARAMETER_CHARS = 2000;
// Pause after the last change before the link is rewritten, in milliseconds.
const LINK_UPDATE_DELAY_MS = 250;

const container = document.querySelector("[data-bce-explorer]");
const notice = document.getElementById("link-notice");

function showFailure(error) {
  const message = document.createElement("p");
  message.className = "bce-status bce-failed";
  message.textContent = `The widget could not start: ${error?.message ?? error}`;
  container.replaceChildren(message);
  console.error("bce-explorer:", error);
}

/** Reads the state parameters of the page's link; too long values are rejected unread. */
function stateFromLink() {
  const parameters = new URLSearchParams(window.location.search);
  const options = {};
  const rejected = [];
  for (const key of STATE_KEYS) {
    const value = parameters.get(key);
    if (value === null) continue;
    if (value.length > MAX_PARAMETER_CHARS) {
      rejected.push(`${key}: longer than ${MAX_PARAMETER_CHARS} characters`);
    } else {
      options[key] = value;
    }
  }
  return { options, rejected };
}

function linkFor(state) {
  const parameters = new URLSearchParams({ batch: state.batch, selected: state.selected });
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
    if (state[key] !== value) parameters.set(key, state[key]);
  }
  const url = new URL(window.location.href);
  url.search = parameters.toString();
  url.hash = "";
  return url.href;
}

function snippetsFor(state) {
  const link = linkFor(state);
  const base = new URL(".", link).href;
  const attributes = [`batch="${state.batch}"`, `selected="${state.selected}"`];
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
    if (state[key] !== value) attributes.push(`${key}="${state[key]}"`);
  }
  return {
    link,
    // The README's sandboxed iframe, with the lines that size it to the page's height.
    iframe:
      `<iframe class="bce-frame" src="${link}"\n` +
      `        sandbox="allow-scripts" title="Binary cross-entropy explorer"\n` +
      `        width="100%" height="600"></iframe>\n` +
      `<script>\n` +
      `  addEventListener("message", (event) => {\n` +
      `    const frame = [...document.querySelectorAll("iframe.bce-frame")]\n` +
      `      .find((candidate) => candidate.contentWindow === event.source);\n` +
      `    if (!frame || event.origin !== "null") return;\n` +
      `    const message = event.data;\n` +
      `    if (message?.type !== "bce-explorer:height" || !Number.isFinite(message.height)) return;\n` +
      `    frame.height = Math.min(Math.max(Math.round(message.height), 300), 4000);\n` +
      `  });\n` +
      `<\/script>`,
    element:
      // "<\/script>" keeps this file inlinable into the single-file page.
      `<script type="module" src="${base}bce-explorer.js"><\/script>\n` +
      `<bce-explorer ${attributes.join(" ")}></bce-explorer>`,
  };
}

function showSnippets(state) {
  const snippets = snippetsFor(state);
  for (const [name, text] of Object.entries(snippets)) {
    document.getElementById(`share-${name}`).value = text;
  }
  // Opened from a file, the page has no address others can load: the snippets need the
  // files on a web server.
  document.getElementById("share-file-note").hidden = window.location.protocol !== "file:";
}

async function copy(field, button) {
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  } catch {
    // Clipboard access can be refused (in a sandboxed frame, say), so the text is selected
    // for the reader to copy. Selecting moves the focus, which a successful copy leaves on
    // the button.
    field.select();
    button.textContent = "Selected: press Ctrl+C";
  }
  setTimeout(() => (button.textContent = button.dataset.label), 2000);
}

/** Tells a parent page this page's height, so it can size the iframe it is shown in. */
function reportHeight() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  // A sandboxed frame has an opaque origin, so no target origin narrower than "*" works;
  // the message contains nothing but the height.
  window.parent.postMessage({ type: "bce-explorer:height", height }, "*");
}

if (window.parent !== window) {
  new ResizeObserver(reportHeight).observe(document.documentElement);
}

try {
  await init();
  const widget = mount(container);

  const { options, rejected } = stateFromLink();
  const problems = [...rejected, ...widget.setState(options)];
  if (problems.length > 0) {
    notice.textContent = `Parts of this link were not used: ${problems.join("; ")}.`;
    notice.hidden = false;
  }

  showSnippets(widget.getState());
  // A drag fires "change" every frame; the link and the snippets follow once it pauses.
  let pending;
  container.addEventListener("change", (event) => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      window.history.replaceState(null, "", linkFor(event.detail));
      showSnippets(event.detail);
    }, LINK_UPDATE_DELAY_MS);
  });
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.dataset.label = button.textContent;
    const field = document.getElementById(button.dataset.copy);
    button.addEventListener("click", () => copy(field, button));
  }
} catch (error) {
  showFailure(error);
}
