// The seed's equations with the live numbers, typeset by the vendored KaTeX:
//   logistic regression  f(x1,x2) = w0 + w1·x1 + w2·x2,  P(✕|x) = σ(f),  P = Π …,  loss = −log P / N
//   softmax regression   one f_k per class,  P(k|x) = e^{f_k} / Σ_j e^{f_j}
//   networks             the layer sizes, the parameter count and the layer equations.
// The reported loss is the data term only (the cross-entropy); a penalty, when chosen, is shown beside it.
// Each line carries the ids of the course formulas it shows (web/course/formulas.js) as KaTeX classes, so the
// course panel can light up "this line" while the learner points at a formula in the lesson text.

import { FORMULA_EVENT } from "../course/formulas.js";
import { t } from "../i18n.js";
import { CLASS_COLORS, CLASS_TEX } from "../palette.js";

const RENDER_INTERVAL_MS = 150;
const FEATURE_TEX = {
  x1: "x_1",
  x2: "x_2",
  "x1^2": "x_1^2",
  "x2^2": "x_2^2",
  "x1*x2": "x_1x_2",
  sin_x1: "\\sin x_1",
  sin_x2: "\\sin x_2",
};
const ACTIVATION_TEX = { tanh: "\\tanh", relu: "\\operatorname{relu}", sigmoid: "\\sigma", linear: "" };
const NUMBER_COLOR = "#1d5f8a";

/**
 * A line of the aligned block tagged with the course formulas it shows: both sides of its `&` are wrapped in
 * \htmlClass{formula-<id> …}, the right side after `{}` so a leading relation keeps its spacing.
 */
function tagged(ids, line) {
  if (!line) return line;
  const wrap = (tex) => `\\htmlClass{${ids.map((id) => `formula-${id}`).join(" ")}}{${tex}}`;
  const at = line.indexOf("&");
  return at < 0 ? wrap(line) : `${wrap(line.slice(0, at))}&${wrap(`{}${line.slice(at + 1)}`)}`;
}
/** KaTeX may run only the one HTML command the tags use. */
const TRUST_TAGS = (context) => context.command === "\\htmlClass";

const classTex = (k) => `\\textcolor{${CLASS_COLORS[k]}}{${CLASS_TEX[k]}}`;
const live = (text) => `\\textcolor{${NUMBER_COLOR}}{${text}}`;
/** Words inside a formula come from the catalogues too (math.*). */
const words = (key) => `\\text{${t(`math.${key}`)}}`;

function number(x, digits = 2) {
  if (x === null || x === undefined) return "?";
  if (!Number.isFinite(x)) return x > 0 ? "\\infty" : "-\\infty";
  const abs = Math.abs(x);
  return abs >= 1000 ? x.toExponential(1).replace(/e\+?(-?\d+)/, "\\times10^{$1}") : x.toFixed(digits);
}

/** w0 + w1·t1 + … with live numbers and proper signs. */
function numericSum(row, terms) {
  return row
    .map((w, i) => {
      const magnitude = live(number(Math.abs(w)));
      const term = i === 0 ? magnitude : `${magnitude}\\,${terms[i - 1]}`;
      if (i === 0) return w < 0 ? `-${term}` : term;
      return `${w < 0 ? "-" : "+"} ${term}`;
    })
    .join(" ");
}

function symbolicSum(terms, index = "") {
  const w = (i) => (index ? `w_{${index}${i}}` : `w_${i}`);
  return [w(0), ...terms.map((t, i) => `${w(i + 1)}${t}`)].join(" + ");
}

/** e^{−N·loss} without underflow: "3.2 × 10^{−27}". */
function likelihood(loss, n) {
  if (loss === null || !Number.isFinite(loss)) return "?";
  const log10 = (-n * loss) / Math.LN10;
  const exponent = Math.floor(log10);
  const mantissa = 10 ** (log10 - exponent);
  return exponent >= -3 ? live(number(10 ** log10, 4)) : live(`${mantissa.toFixed(1)}\\times10^{${exponent}}`);
}

function lossLines(model, frame) {
  const loss = frame?.train_loss ?? null;
  const n = model.nTrain;
  const lines = [
    tagged(["loss"], `\\text{loss} &= -\\tfrac{1}{N}\\log P = ${live(number(loss, 4))} \\quad (N = ${n})`),
    tagged(["likelihood", "loss"], `P &= e^{-N\\cdot\\text{loss}} = ${likelihood(loss, n)}`),
  ];
  if (model.regularization !== "none") {
    const penalty = model.regularization === "l1" ? "\\sum|w|" : "\\tfrac12\\sum w^2";
    lines.push(`${words("minimised")} &= \\text{loss} + ${model.regRate}\\,${penalty}`);
  }
  return lines;
}

/**
 * Many features: the live weights as a table instead of sums. One score per row while that fits; otherwise
 * transposed (a column per score, a row per feature φ_j) so the panel never needs to scroll sideways.
 */
const TABLE_ABOVE_TERMS = 2;
const MAX_TABLE_COLUMNS = 7;

function weightTable(rows, terms, rowLabels) {
  const phis = ["1", ...terms];
  const cells = (values) => values.join(" & ");
  const numbers = rows.map((row) => row.map((w) => live(number(w))));
  const table = (columns, lines) =>
    `{\\small\\begin{array}{l|${"r".repeat(columns)}}${lines[0]} \\\\ \\hline ${lines.slice(1).join(" \\\\ ")}\\end{array}}`;
  if (phis.length <= MAX_TABLE_COLUMNS) {
    return table(phis.length, [
      `\\phi_j & ${cells(phis)}`,
      ...numbers.map((row, k) => `${rowLabels[k]} & ${cells(row)}`),
    ]);
  }
  return table(rows.length, [
    `\\phi_j & ${cells(rowLabels)}`,
    ...phis.map((phi, j) => `${phi} & ${cells(numbers.map((row) => row[j]))}`),
  ]);
}

/** The score lines are No.1's line, or with more features the feature sum (formulas.js `line`, `features`). */
const SCORE = ["line", "features"];
const SCORES = ["linear_k", "features"];

function logisticTex(model, frame) {
  const terms = model.features.map((f) => FEATURE_TEX[f]);
  const row = frame?.coefficients?.[0];
  const [o, x] = [classTex(0), classTex(1)];
  const table = terms.length > TABLE_ABOVE_TERMS;
  return [
    tagged(SCORE, `f(x_1,x_2) &= ${table ? "w_0 + \\textstyle\\sum_j w_j\\,\\phi_j(x)" : symbolicSum(terms)}`),
    tagged(SCORE, row && !table ? `&= ${numericSum(row, terms)}` : null),
    tagged(SCORE, row && table ? `w_j &: ${weightTable([row], terms, ["f"])}` : null),
    tagged(["sigmoid"], `P(${x}\\mid x) &= \\sigma(f) = \\frac{1}{1+e^{-f}}, \\quad P(${o}\\mid x) = 1-\\sigma(f)`),
    tagged(
      ["likelihood"],
      `P &= \\prod_{i:\\,y_i=${x}} \\sigma(f_i) \\prod_{i:\\,y_i=${o}} \\bigl(1-\\sigma(f_i)\\bigr)`,
    ),
    ...lossLines(model, frame),
  ];
}

function softmaxTex(model, frame) {
  const terms = model.features.map((f) => FEATURE_TEX[f]);
  const rows = frame?.coefficients ?? [];
  const labels = rows.map((_, k) => `${classTex(k)}\\; f_${k}`);
  const table = terms.length > TABLE_ABOVE_TERMS;
  return [
    tagged(SCORES, `f_k(x) &= ${table ? "w_{k0} + \\textstyle\\sum_j w_{kj}\\,\\phi_j(x)" : symbolicSum(terms, "k")}`),
    ...(table
      ? rows.length
        ? [`w_{kj} &: ${weightTable(rows, terms, labels)}`]
        : []
      : rows.map((row, k) => `${labels[k]} &= ${numericSum(row, terms)}`)
    ).map((line) => tagged(SCORES, line)),
    tagged(
      ["softmax", "likelihood"],
      `P(y{=}k\\mid x) &= \\frac{e^{f_k}}{\\sum_j e^{f_j}}, \\qquad P = \\prod_i P(y_i \\mid x_i)`,
    ),
    twoClassLine(model),
    ...lossLines(model, frame),
  ];
}

function networkTex(model, frame) {
  const act = ACTIVATION_TEX[model.activation];
  const depth = model.sizes.length - 2;
  const inner = `W^{(l)}h^{(l-1)} + b^{(l)}`;
  return [
    `${words("sizes")}\\ n_l &: ${model.sizes.join(" \\to ")}`,
    `${words("parameters")} &= \\textstyle\\sum_l (n_{l-1}+1)\\,n_l = ${live(model.parameterCount.toLocaleString("en-US").replaceAll(",", "{,}"))}`,
    tagged(["features"], `h^{(0)} &= (${model.features.map((f) => FEATURE_TEX[f]).join(", ")})`),
    tagged(
      ["hidden_layer", "depth"],
      `h^{(l)} &= ${act ? `${act}\\bigl(${inner}\\bigr)` : inner}, \\quad l = 1${depth > 1 ? `,\\dots,${depth}` : ""}`,
    ),
    tagged(
      ["hidden_layer", "softmax"],
      `P(y{=}k\\mid x) &= \\operatorname{softmax}\\bigl(W^{(${depth + 1})}h^{(${depth})} + b^{(${depth + 1})}\\bigr)_k`,
    ),
    tagged(["likelihood"], `P &= \\prod_i P(y_i \\mid x_i)`),
    twoClassLine(model),
    ...lossLines(model, frame),
  ];
}

/**
 * Two classes: a 2-way softmax is No.1's sigmoid of the score difference, e^{s_1}/(e^{s_0}+e^{s_1}) = σ(s_1 − s_0),
 * so it is the same model with one redundant score. Null (dropped by the caller) for more classes.
 */
function twoClassLine(model) {
  if (model.sizes.at(-1) !== 2) return null;
  return `${words("two_classes")} &: \\operatorname{softmax}(s_0, s_1)_1 = \\sigma(s_1 - s_0) \\quad ${words("same_as_sigmoid")}`;
}

const BUILDERS = { logistic: logisticTex, softmax: softmaxTex, mlp: networkTex };

export function createMathPanel(root) {
  let model = null;
  let frame = null;
  let shown = "";
  let timer = 0;
  let lastRender = 0;
  let highlighted = null; // a formulas.js id whose lines are lit

  function light() {
    for (const node of root.querySelectorAll(".formula-lit")) node.classList.remove("formula-lit");
    if (highlighted) for (const node of root.querySelectorAll(`.formula-${highlighted}`)) node.classList.add("formula-lit");
    root.classList.toggle("has-formula-lit", Boolean(highlighted && root.querySelector(".formula-lit")));
  }
  document.addEventListener(FORMULA_EVENT, (event) => {
    highlighted = /^[a-z0-9_]+$/.test(event.detail?.id ?? "") ? event.detail.id : null;
    light();
  });

  function render() {
    timer = 0;
    lastRender = performance.now();
    if (!model) return;
    const tex = `\\begin{aligned}${BUILDERS[model.kind](model, frame).filter(Boolean).join("\\\\[2pt]")}\\end{aligned}`;
    if (tex === shown) return;
    shown = tex;
    if (window.katex) {
      window.katex.render(tex, root, { displayMode: true, throwOnError: false, trust: TRUST_TAGS, strict: "ignore" });
    } else {
      root.textContent = tex;
    }
    light();
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(render, Math.max(0, RENDER_INTERVAL_MS - (performance.now() - lastRender)));
  }

  return {
    /** model: {kind, features, sizes, parameterCount, activation, nTrain, regularization, regRate} */
    setModel(next) {
      model = next;
      frame = null;
      schedule();
    },
    setFrame(next) {
      frame = next;
      schedule();
    },
  };
}
