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
    <p class="bce-note bce-cap-note" data-part="cap-note" hidden></p>
    <p class="bce-note" data-part="weight-note" hidden>A branch whose weight is 0 counts as
      0, even where its logarithm is infinite: 0 × ∞ is taken as 0.</p>
    <p class="bce-note">Conventions: PyTorch clamps each logarithm at −100; Keras clips h
      into [1e-7, 1 − 1e-7]; scikit-learn into [ε, 1 − ε] with ε the machine epsilon of the
      precision, 2.2e-16 in float64 and 1.2e-7 in float32.</p>
  </section>

  <figure class="bce-figure bce-curve-figure">
    <canvas data-part="curve" role="img" aria-label="Loss curve"></canvas>
    <figcaption>
      <span class="bce-key bce-key-total">L(h, y) for the selected sample's label</span>
      <span class="bce-key bce-key-real">−ln h, the branch for y = 1</span>
      <span class="bce-key bce-key-fake">−ln(1 − h), the branch for y = 0</span>
      <span class="bce-key-note">Dots are the samples: blue for real (y = 1), orange for
        fake (y = 0) and a blend for a soft label. The ringed one is selected; a triangle on
        the top edge is a loss above the plot, with its value. When y = 1 the −ln h curve
        lies under L, and when y = 0 the −ln(1 − h) curve does.</span>
    </figcaption>
  </figure>

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

/// Writes the widget's markup into `container` and returns its outermost element and
/// handles to its parts.
pub fn build(container: &HtmlElement, prefix: &str) -> Result<(Element, Parts), JsError> {
    container.set_inner_html(&TEMPLATE.replace("{id}", prefix));
    let root = container
        .first_element_child()
        .ok_or_else(|| JsError::new("the widget's markup has no root element"))?;
    let parts = Parts {
        h_range: find(container, "h-range")?,
        h_number: find(container, "h-number")?,
        h_error: find(container, "h-error")?,
        y_range: find(container, "y-range")?,
        y_number: find(container, "y-number")?,
        y_error: find(container, "y-error")?,
        y_fake: find(container, "y-fake")?,
        y_real: find(container, "y-real")?,
        loss: find(container, "loss")?,
        real: find(container, "real")?,
        fake: find(container, "fake")?,
        curve: find(container, "curve")?,
        rows: find(container, "rows")?,
        add: find(container, "add")?,
        batch_error: find(container, "batch-error")?,
        mean: find(container, "mean")?,
        bars: find(container, "bars")?,
        weight_note: find(container, "weight-note")?,
        chart_mean: find(container, "chart-mean")?,
        convention: find(container, "convention")?,
        precision: find(container, "precision")?,
        precision_note: find(container, "precision-note")?,
        stored: find(container, "stored")?,
        cap_note: find(container, "cap-note")?,
        gan_mode: find(container, "gan-mode")?,
        gan: find(container, "gan")?,
        d_loss: find(container, "d-loss")?,
        g_loss: find(container, "g-loss")?,
        g_form: find(container, "g-form")?,
        g_slopes: find(container, "g-slopes")?,
        improve: find(container, "improve")?,
    };
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
    let selector = format!("[data-part=\"{part}\"]");
    scope
        .query_selector(&selector)
        .map_err(|_| JsError::new(&format!("invalid selector {selector}")))?
        .ok_or_else(|| JsError::new(&format!("the widget's markup has no {part} element")))?
        .dyn_into::<T>()
        .map_err(|_| JsError::new(&format!("the widget's {part} element has the wrong type")))
}
