// The formulas the lesson texts refer to, as KaTeX: language-neutral, so they live here and not in the
// catalogues. Ids are what web/course/lessons.js lists per lesson; on the 2D page the math panel shows the same
// equations with live numbers (web/views/mathpanel.js), and pointing at one in the course panel lights its lines
// there.

/** The event the course panel sends when the learner points at one of these (detail.id; null: none). */
export const FORMULA_EVENT = "course-formula";

export const FORMULAS = {
  line: "f(x_1,x_2) = w_0 + w_1x_1 + w_2x_2",
  sigmoid: "P(\\times\\mid x) = \\sigma(f) = \\frac{1}{1+e^{-f}}",
  likelihood: "P = \\prod_{n} \\sigma(f_n)^{t_n}\\,\\bigl(1-\\sigma(f_n)\\bigr)^{1-t_n}",
  loss: "\\text{loss} = -\\tfrac{1}{N}\\log P",
  linear_k: "f_k(x) = w_{k0} + w_{k1}x_1 + w_{k2}x_2",
  softmax: "P(y{=}k\\mid x) = \\frac{e^{f_k}}{\\sum_j e^{f_j}}",
  mnist_linear: "f_k(x) = \\sum_{i=1}^{784} w_{ki}\\,x_i + b_k,\\quad k = 0,\\dots,9",
  gradient_step: "w \\leftarrow w - \\eta\\,\\frac{\\partial\\,\\text{loss}}{\\partial w}",
  // Two equations in one figure go on two lines (gathered), so each fits the narrow course column.
  features:
    "\\begin{gathered}f = w_0 + \\sum_j w_j\\,\\phi_j(x)\\\\ " +
    "\\phi(x) = (x_1, x_2, x_1^2, x_2^2, x_1x_2)\\end{gathered}",
  hidden_layer:
    "\\begin{gathered}h = \\tanh\\bigl(W^{(1)}x + b^{(1)}\\bigr)\\\\ " +
    "P(y{=}k\\mid x) = \\operatorname{softmax}\\bigl(W^{(2)}h + b^{(2)}\\bigr)_k\\end{gathered}",
  // the digits page's hidden layer (its lesson uses ReLU; the 2D lessons use tanh)
  hidden_relu:
    "\\begin{gathered}h = \\operatorname{relu}\\bigl(W^{(1)}x + b^{(1)}\\bigr)\\\\ " +
    "P(y{=}k\\mid x) = \\operatorname{softmax}\\bigl(W^{(2)}h + b^{(2)}\\bigr)_k\\end{gathered}",
  depth: "h^{(l)} = \\tanh\\bigl(W^{(l)}h^{(l-1)} + b^{(l)}\\bigr),\\quad l = 1,\\dots,L",
  convolution: "m[i,j] = \\sum_{u,v} k[u,v]\\;x[i+u-p,\\,j+v-p]",
  relu: "\\operatorname{relu}(z) = \\max(0, z)",
  max_pool: "p[i,j] = \\max_{a,b\\in\\{0,1\\}} m[2i+a,\\,2j+b]",
  conv1_net:
    "\\begin{gathered}x \\xrightarrow{\\operatorname{conv}} \\operatorname{relu} \\xrightarrow{2\\times2} " +
    "\\operatorname{pool}\\\\ \\to \\operatorname{softmax}(W\\,p + b)\\end{gathered}",
  cnn:
    "\\begin{gathered}x \\to (\\operatorname{conv} \\to \\operatorname{relu} \\to \\operatorname{pool})^{2}\\\\ " +
    "\\to \\operatorname{dense} \\to \\operatorname{softmax}\\end{gathered}",
};
