// The loss core without the widget: one call of every function of the JS API, and the value
// it returns, listed on api-example.html.
import init, {
  loss,
  lossTerms,
  realBranch,
  fakeBranch,
  lossFromLogit,
  sigmoid,
  gradientWrtPrediction,
  gradientWrtLogit,
  entropy,
  klDivergence,
  batchLoss,
  batchLossArrays,
  sampleLosses,
} from "./pkg/bce_explorer_api.js";

await init();

const results = {
  "loss(0.2, 1)": loss(0.2, 1),
  "loss(1, 0)": loss(1, 0),
  'loss(1, 0, "pytorch")': loss(1, 0, "pytorch"),
  'loss(1, 0, "keras")': loss(1, 0, "keras"),
  'loss(0.9999999, 0, "exact", "float32")': loss(0.9999999, 0, "exact", "float32"),
  "lossTerms(0.3, 0.9)": lossTerms(0.3, 0.9),
  "realBranch(0.3)": realBranch(0.3),
  "fakeBranch(0.3)": fakeBranch(0.3),
  "lossFromLogit(20, 0)": lossFromLogit(20, 0),
  'sigmoid(20, "float32")': sigmoid(20, "float32"),
  "gradientWrtPrediction(0.3, 1)": gradientWrtPrediction(0.3, 1),
  "gradientWrtLogit(Math.log(0.3 / 0.7), 1)": gradientWrtLogit(Math.log(0.3 / 0.7), 1),
  "entropy(0.3)": entropy(0.3),
  "klDivergence(0.3, 0.6)": klDivergence(0.3, 0.6),
  "batchLoss([{h: 0.9, y: 1}, {h: 0.2, y: 0, weight: 2}])": batchLoss([
    { h: 0.9, y: 1 },
    { h: 0.2, y: 0, weight: 2 },
  ]),
  'batchLossArrays([1, 1, 0, 0], [1, 0, 0, 0], undefined, "pytorch")': batchLossArrays(
    [1, 1, 0, 0],
    [1, 0, 0, 0],
    undefined,
    "pytorch",
  ),
  'sampleLosses([1, 1, 0, 0], [1, 0, 0, 0], "keras")': Array.from(
    sampleLosses([1, 1, 0, 0], [1, 0, 0, 0], "keras"),
  ),
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
