// The loss core without the widget: the example the README shows, run on api-example.html.
import init, {
  loss,
  lossTerms,
  lossFromLogit,
  gradientWrtPrediction,
  gradientWrtLogit,
  batchLoss,
  batchLossArrays,
} from "./pkg/bce_explorer.js";

await init();

const results = {
  "loss(0.2, 1)": loss(0.2, 1),
  'loss(1, 0, "pytorch")': loss(1, 0, "pytorch"),
  'loss(1, 0, "keras")': loss(1, 0, "keras"),
  'loss(0.9999999, 0, "exact", "float32")': loss(0.9999999, 0, "exact", "float32"),
  "lossTerms(0.3, 0.9)": lossTerms(0.3, 0.9),
  "lossFromLogit(20, 0)": lossFromLogit(20, 0),
  "gradientWrtPrediction(0.3, 1)": gradientWrtPrediction(0.3, 1),
  "gradientWrtLogit(Math.log(0.3 / 0.7), 1)": gradientWrtLogit(Math.log(0.3 / 0.7), 1),
  "batchLoss([{h: 0.9, y: 1}, {h: 0.2, y: 0, weight: 2}])": batchLoss([
    { h: 0.9, y: 1 },
    { h: 0.2, y: 0, weight: 2 },
  ]),
  "batchLossArrays(Float64Array [1, 1, 0, 0], [1, 0, 0, 0], undefined, \"pytorch\")":
    batchLossArrays(new Float64Array([1, 1, 0, 0]), new Float64Array([1, 0, 0, 0]), undefined, "pytorch"),
};
try {
  loss(1.5, 1);
} catch (error) {
  results["loss(1.5, 1) throws"] = `${error.constructor.name}: ${error.message}`;
}

const list = document.getElementById("results");
for (const [call, value] of Object.entries(results)) {
  const term = document.createElement("dt");
  term.textContent = call;
  const definition = document.createElement("dd");
  definition.textContent = typeof value === "object" ? JSON.stringify(value) : String(value);
  list.append(term, definition);
}
