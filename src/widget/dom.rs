//! The widget's markup and the handles to its parts.
//!
//! The markup is fixed text. Every id in it starts with a prefix unique to the widget, so
//! two widgets on one page never share an id or a radio group.

use wasm_bindgen::{JsCast, JsError};
use web_sys::{
    Element, HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
};

/// The widget's markup. `{id}` is replaced by the widget's unique prefix.
const TEMPLATE: &str = r#"
<div class="bce-root"><div class="bce-widget">
  <section class="bce-quiz" aria-label="Predict first">
    <p class="bce-quiz-start">
      <button type="button" data-part="quiz-start">Quiz: guess a loss first</button>
      <span class="bce-hint">The widget picks a prediction and a label and hides every loss
        until you have guessed.</span>
    </p>
    <div class="bce-quiz-body" data-part="quiz-body" hidden>
      <p class="bce-quiz-question" data-part="quiz-question"></p>
      <p class="bce-inputs">
        <label for="{id}-guess">Your guess for L</label>
        <input type="text" id="{id}-guess" data-part="quiz-guess" inputmode="decimal"
               autocomplete="off" spellcheck="false" aria-describedby="{id}-quiz-error">
        <button type="button" data-part="quiz-reveal">Reveal</button>
      </p>
      <p class="bce-error" id="{id}-quiz-error" data-part="quiz-error" aria-live="polite"></p>
      <p class="bce-quiz-result" data-part="quiz-result" role="status"
         aria-label="Quiz result"></p>
      <p><button type="button" data-part="quiz-leave">Back to my batch</button></p>
    </div>
  </section>
  <div class="bce-column bce-column-main">
  <section class="bce-controls" aria-label="Sample controls">
    <div class="bce-fields">
    <div class="bce-field">
      <label class="bce-label" for="{id}-h-range">Prediction h</label>
      <div class="bce-inputs">
        <input type="range" id="{id}-h-range" data-part="h-range" min="0" max="1" step="0.001"
               aria-describedby="{id}-h-error">
        <input type="text" data-part="h-number" inputmode="decimal" autocomplete="off"
               spellcheck="false" aria-label="Prediction h, typed" aria-describedby="{id}-h-error">
      </div>
      <p class="bce-error" id="{id}-h-error" data-part="h-error" aria-live="polite"></p>
    </div>
    <div class="bce-field">
      <label class="bce-label" for="{id}-y-range">Label y</label>
      <div class="bce-inputs">
        <input type="range" id="{id}-y-range" data-part="y-range" min="0" max="1" step="0.01"
               aria-describedby="{id}-y-error">
        <input type="text" data-part="y-number" inputmode="decimal" autocomplete="off"
               spellcheck="false" aria-label="Label y, typed" aria-describedby="{id}-y-error">
      </div>
      <div class="bce-snap">
        <button type="button" data-part="y-fake">y = 0 (fake)</button>
        <button type="button" data-part="y-real">y = 1 (real)</button>
      </div>
      <p class="bce-error" id="{id}-y-error" data-part="y-error" aria-live="polite"></p>
    </div>
    <p class="bce-explain"><b>What goes in.</b> The features x are what the model looks at,
      such as an image's pixels; the parameters θ are the numbers training adjusts. Together
      they give the prediction h = h(x; θ), the model's probability, from 0 to 1, that x is
      real. The label y is the truth: 1 for a real image, 0 for a fake one, and a soft label
      such as 0.9 in between.</p>
    </div>
    <div class="bce-settings">
      <div class="bce-setting">
        <label class="bce-label" for="{id}-convention">Loss convention</label>
        <select id="{id}-convention" data-part="convention">
          <option value="exact">exact (∞ allowed)</option>
          <option value="pytorch">PyTorch (log ≥ −100)</option>
          <option value="keras">Keras (clip 1e-7)</option>
          <option value="sklearn">scikit-learn (clip ε)</option>
        </select>
      </div>
      <div class="bce-setting">
        <label class="bce-label" for="{id}-precision">Precision</label>
        <select id="{id}-precision" data-part="precision">
          <option value="float64">float64</option>
          <option value="float32">float32</option>
        </select>
      </div>
      <div class="bce-setting bce-setting-wide">
        <label class="bce-check"><input type="checkbox" data-part="gan-mode"> GAN view: the
          discriminator and the generator</label>
        <p class="bce-explain"><b>Use in GANs.</b> A GAN (generative adversarial network)
          trains two models against each other: a generator that makes fake images, and a
          discriminator that scores each image with h, its probability of being real. The
          discriminator learns with this loss; the GAN view adds the generator's.</p>
      </div>
      <div class="bce-setting bce-setting-wide">
        <label class="bce-check bce-explain-toggle"><input type="checkbox" data-part="explain"
          checked> Show the explanations</label>
      </div>
      <p class="bce-note" data-part="precision-note" hidden>float32, the precision of a
        framework's tensors, keeps about 7 digits: near 1 its values are 6e-8 apart, so a
        prediction within 3e-8 of 1 is stored as exactly 1, and L(h, 0) becomes ∞ (100 in
        PyTorch); even sigmoid(20) rounds to 1. This is why frameworks offer a loss computed
        from the logit z instead (BCEWithLogitsLoss, from_logits=True), which gives
        L = 20.000000002 for z = 20, y = 0.<span data-part="stored"></span></p>
    </div>
  </section>

  <section class="bce-readouts" aria-label="Loss of the selected sample">
    <div class="bce-formula">
      <p class="bce-math-line"><math><mi>L</mi><mo stretchy="false">(</mo><mi>h</mi><mo>,</mo><mi>y</mi><mo stretchy="false">)</mo><mo>=</mo><mo>−</mo><mo>[</mo><mrow class="bce-term-real" data-part="sym-real"><mi>y</mi><mspace width="0.2em"></mspace><mi>ln</mi><mspace width="0.2em"></mspace><mi>h</mi></mrow><mo>+</mo></math><math><mrow class="bce-term-fake" data-part="sym-fake"><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><mi>y</mi><mo stretchy="false">)</mo><mspace width="0.2em"></mspace><mi>ln</mi><mspace width="0.2em"></mspace><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><mi>h</mi><mo stretchy="false">)</mo></mrow><mo>]</mo></math></p>
      <p class="bce-math-line"><math><mi>L</mi><mo>=</mo><mo>−</mo><mo>[</mo><mrow class="bce-term-real" data-part="plug-real"><mn data-part="plug-y"></mn><mo>·</mo><mi>ln</mi><mspace width="0.2em"></mspace><mn data-part="plug-h"></mn></mrow><mo>+</mo></math><math><mrow class="bce-term-fake" data-part="plug-fake"><mn data-part="plug-1y"></mn><mo>·</mo><mi>ln</mi><mspace width="0.2em"></mspace><mn data-part="plug-1h"></mn></mrow><mo>]</mo><mo>=</mo></math><math><mn data-part="plug-total"></mn></math></p>
    </div>
    <p class="bce-loss">
      <label for="{id}-loss">Loss L(h, y) =</label>
      <output id="{id}-loss" data-part="loss"></output>
    </p>
    <p class="bce-branch bce-branch-real">
      <label for="{id}-real">y·(−ln h) =</label>
      <output id="{id}-real" data-part="real"></output>
    </p>
    <p class="bce-branch bce-branch-fake">
      <label for="{id}-fake">+ (1 − y)·(−ln(1 − h)) =</label>
      <output id="{id}-fake" data-part="fake"></output>
    </p>
    <p class="bce-explain"><b>Reading the loss.</b> 0 is a sure and right prediction;
      0.6931 (ln 2) is what a coin flip, h = 0.5, costs; 2.3 means the truth got only 10%.
      A confident mistake costs without bound (h = 0.001 for a real image costs 6.9), so one
      such sample can outweigh all the others in the batch mean J.</p>
    <p class="bce-note bce-cap-note" data-part="cap-note" hidden></p>
    <p class="bce-note" data-part="weight-note" hidden>A branch whose weight is 0 counts as
      0, even where its logarithm is infinite: 0 × ∞ is taken as 0.</p>
    <p class="bce-note">Conventions: PyTorch clamps each logarithm at −100; Keras clips h
      into [1e-7, 1 − 1e-7]; scikit-learn into [ε, 1 − ε] with ε the machine epsilon of the
      precision, 2.2e-16 in float64 and 1.2e-7 in float32.</p>
  </section>

  </div>
  <div class="bce-column bce-column-plot">
  <figure class="bce-figure bce-curve-figure">
    <canvas data-part="curve" role="img" aria-label="Loss curve"></canvas>
    <figcaption>
      <span class="bce-key bce-key-total" data-part="key-total"></span>
      <span class="bce-key bce-key-real" data-part="key-real"></span>
      <span class="bce-key bce-key-fake" data-part="key-fake"></span>
      <span class="bce-key-note">Dots are the samples: blue for real (y = 1), orange for
        fake (y = 0) and a blend for a soft label. The ringed one is selected; a triangle on
        an edge is a sample beyond the plot, labelled with its loss. When y = 1 the branch
        curve for y = 1 lies under L, and when y = 0 the one for y = 0 does.</span>
    </figcaption>
  </figure>

  <section class="bce-sign" aria-label="Why the loss is never negative">
    <p class="bce-panel-title">Why the loss is never negative</p>
    <div class="bce-sign-body">
    <svg viewBox="0 0 240 160" role="img" data-part="log-plot" class="bce-log-plot">
      <line class="bce-axis" x1="28" y1="80" x2="232" y2="80"/>
      <line class="bce-axis" x1="28" y1="8" x2="28" y2="152"/>
      <text x="22" y="84" text-anchor="end">0</text>
      <text x="232" y="96" text-anchor="end">h = 1</text>
      <path class="bce-neg-log" data-part="neg-log-path"/>
      <path class="bce-log" data-part="log-path"/>
      <circle class="bce-neg-log" r="4" data-part="neg-log-dot"/>
      <circle class="bce-log" r="4" data-part="log-dot"/>
      <text class="bce-neg-log" x="60" y="24">−ln h ≥ 0</text>
      <text class="bce-log" x="60" y="146">ln h ≤ 0</text>
    </svg>
    <p class="bce-explain">For h in (0, 1], ln h is never above 0 (ln 1 = 0), so −ln h is
      never below 0, and the same holds for ln(1 − h). The minus sign turns each logarithm
      into a cost of 0 or more, and the weights y and 1 − y are never negative, so L ≥ 0.</p>
    </div>
    <label class="bce-check"><input type="checkbox" data-part="drop-minus"> Drop the minus
      sign</label>
    <p class="bce-warning" data-part="dropped-note" hidden>Without the minus sign the curve
      lies below 0 and is lowest, at −∞, for the most confident mistake. Training lowers what
      it is given, so it would push every prediction away from its label, towards −∞: the
      step arrow now points the wrong way.</p>
    <p class="bce-readout">
      <label for="{id}-split">L = H(y) + KL(y ‖ h) =</label>
      <output id="{id}-split" data-part="split"></output>
    </p>
    <p class="bce-explain">H(y), the entropy of the label, is the lowest loss any h can
      reach, at h = y: 0 for a hard label, more for a soft one (the dashed line on the
      curve). KL(y ‖ h), the Kullback–Leibler divergence, measures how far h is from y; it
      is never below 0, and 0 only at h = y. So L never falls below H(y) ≥ 0.</p>
  </section>

  <section class="bce-train" aria-label="Which way training pushes">
    <p class="bce-panel-title">Which way training pushes</p>
    <p class="bce-readout">
      <label for="{id}-slope" data-part="slope-label">Slope dL/dh at the selected sample =</label>
      <output id="{id}-slope" data-part="slope"></output>
    </p>
    <p class="bce-direction" data-part="direction" role="status"
       aria-label="Where one step moves h"></p>
    <div class="bce-train-controls">
      <label class="bce-check"><input type="checkbox" data-part="logit-axis"> Logit z on the
        horizontal axis</label>
      <span class="bce-rate">
        <label for="{id}-rate">Learning rate η</label>
        <input type="range" id="{id}-rate" data-part="rate">
        <output for="{id}-rate" data-part="rate-value"></output>
      </span>
      <span class="bce-snap">
        <button type="button" data-part="step-one">Step the selected sample</button>
        <button type="button" data-part="step-all">Step all samples</button>
      </span>
    </div>
    <p class="bce-explain">The purple tangent touches the curve at the selected sample. Its
      slope, the gradient, is how fast the loss changes as h grows, and gradient descent
      moves against it, downhill; the arrow shows one step. The learning rate η sets the
      step's size. As in frameworks, the step changes the logit z, the model's score before
      sigmoid(z) = 1 / (1 + e<sup>−z</sup>) turns it into h: z ← z − η·(h − y). On the
      logit axis the slope dL/dz = h − y stays between −1 and 1: near the wrong edge the
      huge dL/dh is cancelled by sigmoid's tiny slope dh/dz = h(1 − h). Frameworks compute
      the loss from z directly (BCEWithLogitsLoss), because then no value has to round to
      0 or 1 before its logarithm is taken.</p>
  </section>

  </div>

  <section class="bce-batch" aria-label="Mini-batch">
    <div class="bce-table-scroll">
    <table>
      <caption>Mini-batch: choose a sample to edit it with the sliders</caption>
      <thead>
        <tr><th scope="col">Edit</th><th scope="col">#</th><th scope="col">h</th>
          <th scope="col">y</th><th scope="col">Loss</th>
          <th scope="col"><span class="bce-visually-hidden">Remove</span></th></tr>
      </thead>
      <tbody data-part="rows"></tbody>
    </table>
    </div>
    <p class="bce-batch-actions">
      <button type="button" data-part="add">Add sample</button>
      <span class="bce-hint">1 to 64 samples; rows with an infinite loss are red.</span>
      <span class="bce-error" data-part="batch-error" aria-live="polite"></span>
    </p>
    <p class="bce-formula bce-math-line"><math displaystyle="true"><mi>J</mi><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></munderover><mi>L</mi><mo stretchy="false">(</mo><msub><mi>h</mi><mi>i</mi></msub><mo>,</mo><msub><mi>y</mi><mi>i</mi></msub><mo stretchy="false">)</mo></math><math displaystyle="true"><mo>=</mo><mfrac><mn>1</mn><mn data-part="plug-m"></mn></mfrac><mo>×</mo><mn data-part="plug-sum"></mn></math></p>
    <p class="bce-hint">m is the batch size, the number of samples, and Σ adds up the
      losses of samples 1 to m.</p>
    <p class="bce-mean">
      <label for="{id}-mean">Mini-batch mean loss J =</label>
      <output id="{id}-mean" data-part="mean"></output>
    </p>
  </section>

  <figure class="bce-figure bce-bars-figure">
    <canvas data-part="bars" role="img" aria-label="Loss of each sample"></canvas>
    <span class="bce-chart-mean" data-part="chart-mean" aria-hidden="true"></span>
    <figcaption>Each sample's loss as a bar, coloured by its label as on the curve; the
      outlined bar is the selected sample (its value is in the table) and the dashed line is
      the mean J. A bar with an arrow is taller than the chart, and one marked ∞ has an
      infinite loss.</figcaption>
  </figure>
  <section class="bce-gan" aria-label="The GAN's two players" data-part="gan" hidden>
    <p class="bce-gan-title">The GAN's two players</p>
    <p class="bce-explain">Rows with y ≥ 0.5 are real images x, scored h = D(x) by the
      discriminator D; rows with y &lt; 0.5 are images G(z) made by the generator G, scored
      h = D(G(z)).</p>
    <p class="bce-gan-loss">
      <label for="{id}-d-loss">Discriminator's loss, the BCE mean J of the whole batch =</label>
      <output id="{id}-d-loss" data-part="d-loss"></output>
    </p>
    <p class="bce-gan-loss">
      <label for="{id}-g-loss">Generator's loss over the generated images =</label>
      <output id="{id}-g-loss" data-part="g-loss"></output>
    </p>
    <p class="bce-gan-form">
      <label for="{id}-g-form">Generator's loss function</label>
      <select id="{id}-g-form" data-part="g-form">
        <option value="non-saturating">non-saturating: mean of −ln D(G(z))</option>
        <option value="minimax">minimax: mean of ln(1 − D(G(z)))</option>
      </select>
    </p>
    <p class="bce-gan-slopes">
      <label for="{id}-g-slopes">Slopes at the generated image with the lowest score</label>
      <output id="{id}-g-slopes" data-part="g-slopes"></output>
    </p>
    <p class="bce-batch-actions">
      <button type="button" data-part="improve">Generator improves</button>
      <span class="bce-hint">moves every generated image's h a fifth of the way to 1</span>
    </p>
    <p class="bce-explain">A low discriminator's loss means the discriminator is winning; the
      generator is fooling it when the generator's loss is low. Where D is sure an image is
      fake (D(G(z)) near 0), the minimax loss has slope −1/(1 − D(G(z))), about −1, so the
      generator barely learns: the non-saturating slope −1/D(G(z)) is steep exactly there,
      which is why it is used in practice.</p>
  </section>
</div></div>
"#;

/// The markup of one row of the mini-batch table. `{id}`, `{index}` and `{number}` (the
/// 1-based sample number) are replaced per row.
const ROW_TEMPLATE: &str = r#"<tr data-index="{index}">
<td><input type="radio" name="{id}-selected" data-part="select" aria-label="Edit sample {number}"></td>
<th scope="row">{number}</th><td data-part="h"></td><td data-part="y"></td><td data-part="row-loss"></td>
<td><button type="button" data-part="remove" aria-label="Remove sample {number}">✕</button></td>
</tr>"#;

/// Handles to the elements the widget reads and writes.
pub struct Parts {
    pub h_range: HtmlInputElement,
    pub h_number: HtmlInputElement,
    pub h_error: Element,
    pub y_range: HtmlInputElement,
    pub y_number: HtmlInputElement,
    pub y_error: Element,
    pub y_fake: HtmlButtonElement,
    pub y_real: HtmlButtonElement,
    pub loss: Element,
    pub real: Element,
    pub fake: Element,
    pub curve: HtmlCanvasElement,
    pub rows: Element,
    pub add: HtmlButtonElement,
    pub batch_error: Element,
    pub mean: Element,
    pub bars: HtmlCanvasElement,
    pub weight_note: Element,
    pub chart_mean: Element,
    pub convention: HtmlSelectElement,
    pub precision: HtmlSelectElement,
    pub precision_note: Element,
    pub stored: Element,
    pub cap_note: Element,
    pub gan_mode: HtmlInputElement,
    pub gan: Element,
    pub d_loss: Element,
    pub g_loss: Element,
    pub g_form: HtmlSelectElement,
    pub g_slopes: Element,
    pub improve: HtmlButtonElement,
    pub explain: HtmlInputElement,
    pub sym_real: Element,
    pub sym_fake: Element,
    pub plug_real: Element,
    pub plug_fake: Element,
    pub plug_y: Element,
    pub plug_h: Element,
    pub plug_1y: Element,
    pub plug_1h: Element,
    pub plug_total: Element,
    pub plug_m: Element,
    pub plug_sum: Element,
    pub slope_label: Element,
    pub slope: Element,
    pub direction: Element,
    pub logit_axis: HtmlInputElement,
    pub rate: HtmlInputElement,
    pub rate_value: Element,
    pub step_one: HtmlButtonElement,
    pub step_all: HtmlButtonElement,
    pub log_plot: Element,
    pub log_path: Element,
    pub neg_log_path: Element,
    pub log_dot: Element,
    pub neg_log_dot: Element,
    pub drop_minus: HtmlInputElement,
    pub dropped_note: Element,
    pub split: Element,
    pub key_total: Element,
    pub key_real: Element,
    pub key_fake: Element,
    pub quiz_start: HtmlButtonElement,
    pub quiz_body: Element,
    pub quiz_question: Element,
    pub quiz_guess: HtmlInputElement,
    pub quiz_reveal: HtmlButtonElement,
    pub quiz_error: Element,
    pub quiz_result: Element,
    pub quiz_leave: HtmlButtonElement,
}

/// Handles to one row of the mini-batch table.
pub struct RowParts {
    pub row: Element,
    pub select: HtmlInputElement,
    pub h: Element,
    pub y: Element,
    pub loss: Element,
    pub remove: HtmlButtonElement,
}

/// Returns a prefix for element ids that no other widget on the page uses.
pub fn unique_prefix(document: &web_sys::Document) -> String {
    loop {
        let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let prefix = format!("bce-{random:08x}");
        if document
            .get_element_by_id(&format!("{prefix}-loss"))
            .is_none()
        {
            return prefix;
        }
    }
}

/// Builds a [`Parts`] from `field = "part"` pairs: finds each part's element in one loop,
/// so a missing part is one error path, then casts each to its field's type.
///
/// Finding the parts one `?` at a time gives each part an error path that drops every part
/// found before it, so that code grows with the square of the number of parts.
macro_rules! find_parts {
    ($scope:expr, $($field:ident = $part:literal),* $(,)?) => {{
        let names = [$($part),*];
        let mut found = Vec::with_capacity(names.len());
        for name in names {
            found.push(find_element($scope, name)?);
        }
        let mut found = found.into_iter();
        Parts {
            $($field: cast(found.next())),*
        }
    }};
}

/// Writes the widget's markup into `container` and returns its outermost element and
/// handles to its parts.
pub fn build(container: &HtmlElement, prefix: &str) -> Result<(Element, Parts), JsError> {
    container.set_inner_html(&TEMPLATE.replace("{id}", prefix));
    let root = container
        .first_element_child()
        .ok_or_else(|| JsError::new("the widget's markup has no root element"))?;
    let parts = find_parts!(
        container,
        h_range = "h-range",
        h_number = "h-number",
        h_error = "h-error",
        y_range = "y-range",
        y_number = "y-number",
        y_error = "y-error",
        y_fake = "y-fake",
        y_real = "y-real",
        loss = "loss",
        real = "real",
        fake = "fake",
        curve = "curve",
        rows = "rows",
        add = "add",
        batch_error = "batch-error",
        mean = "mean",
        bars = "bars",
        weight_note = "weight-note",
        chart_mean = "chart-mean",
        convention = "convention",
        precision = "precision",
        precision_note = "precision-note",
        stored = "stored",
        cap_note = "cap-note",
        gan_mode = "gan-mode",
        gan = "gan",
        d_loss = "d-loss",
        g_loss = "g-loss",
        g_form = "g-form",
        g_slopes = "g-slopes",
        improve = "improve",
        explain = "explain",
        sym_real = "sym-real",
        sym_fake = "sym-fake",
        plug_real = "plug-real",
        plug_fake = "plug-fake",
        plug_y = "plug-y",
        plug_h = "plug-h",
        plug_1y = "plug-1y",
        plug_1h = "plug-1h",
        plug_total = "plug-total",
        plug_m = "plug-m",
        plug_sum = "plug-sum",
        slope_label = "slope-label",
        slope = "slope",
        direction = "direction",
        logit_axis = "logit-axis",
        rate = "rate",
        rate_value = "rate-value",
        step_one = "step-one",
        step_all = "step-all",
        log_plot = "log-plot",
        log_path = "log-path",
        neg_log_path = "neg-log-path",
        log_dot = "log-dot",
        neg_log_dot = "neg-log-dot",
        drop_minus = "drop-minus",
        dropped_note = "dropped-note",
        split = "split",
        key_total = "key-total",
        key_real = "key-real",
        key_fake = "key-fake",
        quiz_start = "quiz-start",
        quiz_body = "quiz-body",
        quiz_question = "quiz-question",
        quiz_guess = "quiz-guess",
        quiz_reveal = "quiz-reveal",
        quiz_error = "quiz-error",
        quiz_result = "quiz-result",
        quiz_leave = "quiz-leave",
    );
    // The rate slider offers the rates the state accepts.
    parts.rate.set_min(&super::sync::RATE_MIN.to_string());
    parts.rate.set_max(&super::sync::RATE_MAX.to_string());
    parts.rate.set_step(&super::sync::RATE_STEP.to_string());
    // The ln h panel's curves never change; only its points move.
    for (path, sign) in [(&parts.log_path, 1.0), (&parts.neg_log_path, -1.0)] {
        path.set_attribute("d", &crate::plot::log_panel_path(sign))
            .map_err(|_| JsError::new("setting the ln h panel's curve failed"))?;
    }
    Ok((root, parts))
}

/// Replaces the table body with `count` empty rows and returns handles to them.
pub fn build_rows(rows: &Element, prefix: &str, count: usize) -> Result<Vec<RowParts>, JsError> {
    let mut markup = String::new();
    for index in 0..count {
        let row = ROW_TEMPLATE
            .replace("{id}", prefix)
            .replace("{index}", &index.to_string())
            .replace("{number}", &(index + 1).to_string());
        markup.push_str(&row);
    }
    rows.set_inner_html(&markup);

    let mut parts = Vec::with_capacity(count);
    let mut row = rows.first_element_child();
    while let Some(element) = row {
        parts.push(RowParts {
            select: find(&element, "select")?,
            h: find(&element, "h")?,
            y: find(&element, "y")?,
            loss: find(&element, "row-loss")?,
            remove: find(&element, "remove")?,
            row: element.clone(),
        });
        row = element.next_element_sibling();
    }
    Ok(parts)
}

/// Finds the element marked `data-part="{part}"` inside `scope` and casts it to `T`.
fn find<T: JsCast>(scope: &Element, part: &str) -> Result<T, JsError> {
    find_element(scope, part)?
        .dyn_into::<T>()
        .map_err(|_| JsError::new(&format!("the widget's {part} element has the wrong type")))
}

/// Casts a part found by [`find_parts`] to its field's type. The markup is fixed text that
/// gives each part the element its field expects, so a mismatch is a bug in it.
fn cast<T: JsCast>(element: Option<Element>) -> T {
    element
        .and_then(|element| element.dyn_into::<T>().ok())
        .expect("the markup gives each part the element type of its field")
}

/// Finds the element marked `data-part="{part}"` inside `scope`.
fn find_element(scope: &Element, part: &str) -> Result<Element, JsError> {
    let selector = format!("[data-part=\"{part}\"]");
    scope
        .query_selector(&selector)
        .map_err(|_| JsError::new(&format!("invalid selector {selector}")))?
        .ok_or_else(|| JsError::new(&format!("the widget's markup has no {part} element")))
}
