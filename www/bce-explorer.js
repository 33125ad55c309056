// <bce-explorer>: the widget as a custom element. Import this module once, then write
// <bce-explorer h="0.3" y="1"></bce-explorer> anywhere in the page, as often as you like.
//
// Attributes set the state and update it when they change: batch ("0.9:1,0.6:1,0.2:0"),
// selected (1-based), h, y, convention (exact, pytorch, keras, sklearn) and precision
// (float64, float32), mode (gan shows the discriminator's and the generator's losses),
// generator (non-saturating, minimax), axis (prediction, logit: the loss chart's horizontal
// axis), minus (kept, dropped: the loss's minus sign) and rate (the gradient step's learning
// rate, from 0.1 to 4). theme (light, dark, auto), compact (hides the explanations) and
// controls (the panels to show) set the look. An invalid value falls back to the default,
// with one console warning naming the attribute and the value, and a removed attribute
// sets its default. After a person edits the widget,
// the element fires "change" with the state in event.detail.
import init, { mount } from "./pkg/bce_explorer.js";

const THEMES = ["light", "dark", "auto"];
const PANELS = ["quiz", "sliders", "settings", "readouts", "curve", "sign", "train", "batch", "bars"];
// The state a widget starts with, which an invalid attribute falls back to. Its keys are
// the attributes that set the state.
const DEFAULTS = {
  batch: "0.9:1,0.6:1,0.3:1,0.2:0,0.7:0",
  selected: "1",
  h: "0.9",
  y: "1",
  convention: "exact",
  precision: "float64",
  mode: "standard",
  generator: "non-saturating",
  axis: "prediction",
  minus: "kept",
  rate: "1",
};
const STATE_ATTRIBUTES = Object.keys(DEFAULTS);
const STYLESHEET = new URL("./widget.css", import.meta.url).href;

let ready;
const instantiate = () => (ready ??= init());

// The widget's styles come from widget.css next to this module, linked once per page.
function linkStylesheet() {
  const linked = [...document.querySelectorAll('link[rel="stylesheet"]')].some(
    (link) => link.href === STYLESHEET,
  );
  if (!linked) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLESHEET;
    document.head.append(link);
  }
}

class BceExplorer extends HTMLElement {
  // theme, compact and controls act through widget.css; theme also recolours the plots.
  static observedAttributes = [...STATE_ATTRIBUTES, "theme", "controls"];

  #widget = null;

  async connectedCallback() {
    linkStylesheet();
    try {
      await instantiate();
    } catch (error) {
      this.textContent = `The widget could not start: ${error?.message ?? error}`;
      console.error("bce-explorer:", error);
      return;
    }
    if (!this.isConnected || this.#widget) return;

    this.#widget = mount(this);
    this.#checkTheme();
    this.#checkControls();
    const initial = {};
    for (const name of STATE_ATTRIBUTES) {
      if (this.hasAttribute(name)) initial[name] = this.getAttribute(name);
    }
    this.#apply(initial);
  }

  disconnectedCallback() {
    this.#widget?.destroy();
    this.#widget = null;
  }

  attributeChangedCallback(name, previous, value) {
    if (!this.#widget || value === previous) return;
    if (name === "theme") {
      this.#checkTheme();
      this.#widget.refreshTheme();
    } else if (name === "controls") {
      this.#checkControls();
    } else {
      // A removed attribute gives its part of the state back to the default.
      this.#apply({ [name]: value ?? DEFAULTS[name] });
    }
  }

  #checkControls() {
    if (!this.hasAttribute("controls")) return;
    const words = this.getAttribute("controls").split(/\s+/).filter(Boolean);
    const unknown = words.filter((word) => !PANELS.includes(word));
    if (unknown.length > 0) {
      console.warn(
        `<bce-explorer>: ignored controls ${unknown.join(", ")}: expected some of ${PANELS.join(", ")}`,
      );
    }
    if (unknown.length === words.length) {
      console.warn("<bce-explorer>: controls names no panel, so every panel is shown");
    }
  }

  #checkTheme() {
    const theme = this.getAttribute("theme");
    if (theme !== null && !THEMES.includes(theme)) {
      console.warn(`<bce-explorer>: ignored theme = "${theme}": expected light, dark or auto`);
    }
  }

  /** The widget's state, as the "change" event's detail gives it. */
  get state() {
    return this.#widget?.getState() ?? null;
  }

  #apply(options) {
    const problems = this.#widget.setState(options);
    for (const problem of problems) {
      const name = problem.slice(0, problem.indexOf(" "));
      console.warn(`<bce-explorer>: ignored ${problem}; using the default, ${DEFAULTS[name]}`);
      this.#widget.setState({ [name]: DEFAULTS[name] });
    }
  }
}

if (!customElements.get("bce-explorer")) customElements.define("bce-explorer", BceExplorer);
