// Starts a widget in every element marked data-bce-explorer. A container whose widget fails
// to start shows why instead of staying blank.
import init, { mount } from "./pkg/bce_explorer.js";

const containers = document.querySelectorAll("[data-bce-explorer]");
const showFailure = (container, error) => {
  const message = document.createElement("p");
  message.className = "bce-status bce-failed";
  message.textContent = `The widget could not start: ${error?.message ?? error}`;
  container.replaceChildren(message);
  console.error("bce-explorer:", error);
};

try {
  await init();
  for (const container of containers) {
    try {
      mount(container);
    } catch (error) {
      showFailure(container, error);
    }
  }
} catch (error) {
  containers.forEach((container) => showFailure(container, error));
}
