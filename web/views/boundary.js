// Decision boundaries as lines on the plane: where the most likely class changes. A field holds K class scores at
// the centres of an n×n grid over the plane (row 0 at the top, x₁ varying fastest, as the frames' grids and the
// points answer's feature maps are laid out); marching squares traces, for each class k, the zero line of
// d_k = s_k − max_{j≠k} s_j, and the union of those lines is the class borders (for two classes: the p = 0.5 line).

/** A frame's region map ({resolution, classes, probs: bytes}) as a field of scores (the probabilities). */
export function gridField(grid) {
  const { resolution: n, classes, probs } = grid;
  return { n, classes, score: (cell, k) => probs[cell * classes + k] };
}

const ACTIVATIONS = {
  relu: (x) => Math.max(0, x),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  linear: (x) => x,
};

/**
 * A dense net's scores over the feature maps ({resolution, maps: name → R×R}): its inputs are the named features
 * at each grid point, each hidden layer h = act(h·W + b), the last layer's f = h·W + b the scores (the same forward
 * pass as models/nets.py's dense_logits). layers: [{weights (in × out), bias}], as GET /params lists them. Logistic
 * regression's one score f becomes the two scores (0, f), whose border is f = 0, i.e. p = 0.5.
 */
export function networkField(featureMaps, features, layers, activation = "linear") {
  const n = featureMaps.resolution;
  const outputs = layers.at(-1).bias.length;
  const classes = outputs === 1 ? 2 : outputs;
  const act = ACTIVATIONS[activation];
  const scores = new Float64Array(n * n * classes);
  for (let cell = 0; cell < n * n; cell++) {
    let values = features.map((name) => featureMaps.maps[name][cell]);
    layers.forEach(({ weights, bias }, l) => {
      const sums = bias.map((b, k) => values.reduce((sum, v, i) => sum + weights[i][k] * v, b));
      values = l < layers.length - 1 ? sums.map(act) : sums;
    });
    if (outputs === 1) scores[cell * classes + 1] = values[0];
    else values.forEach((f, k) => (scores[cell * classes + k] = f));
  }
  return { n, classes, score: (cell, k) => scores[cell * classes + k] };
}

/** d_k at every grid point: how far class k's score is above the best other class's. */
function margins(field, k) {
  const { n, classes, score } = field;
  const d = new Float64Array(n * n);
  for (let cell = 0; cell < n * n; cell++) {
    let other = -Infinity;
    for (let j = 0; j < classes; j++) if (j !== k) other = Math.max(other, score(cell, j));
    d[cell] = score(cell, k) - other;
  }
  return d;
}

/** The crossings of one grid square's edges (top, right, bottom, left) paired into segments. */
function squareSegments(a, b, c, d, at) {
  const cross = (u, v, p, q) => (u > 0) !== (v > 0) && at(p, q, u / (u - v));
  const points = [cross(a, b, 0, 1), cross(b, c, 1, 2), cross(d, c, 3, 2), cross(a, d, 0, 3)];
  const found = points.filter(Boolean);
  if (found.length === 2) return [found];
  if (found.length !== 4) return [];
  const centreLikeA = (a + b + c + d) / 4 > 0 === a > 0;
  return centreLikeA
    ? [
        [points[0], points[1]],
        [points[2], points[3]],
      ]
    : [
        [points[0], points[3]],
        [points[1], points[2]],
      ];
}

/**
 * The zero line of `d` (n×n values, row-major) as segments [[x, y], [x, y]]: x(c) and y(r) place a grid point,
 * fractional positions included.
 */
export function zeroSegments(d, n, x, y) {
  const segments = [];
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const corners = [
        [r, c],
        [r, c + 1],
        [r + 1, c + 1],
        [r + 1, c],
      ];
      const at = (p, q, f) => {
        const [[r0, c0], [r1, c1]] = [corners[p], corners[q]];
        return [x(c0 + (c1 - c0) * f), y(r0 + (r1 - r0) * f)];
      };
      const v = corners.map(([rr, cc]) => d[rr * n + cc]);
      segments.push(...squareSegments(v[0], v[1], v[2], v[3], at));
    }
  }
  return segments;
}

/** The field's class borders as segments [[x, y], [x, y]] in data units over `extent`. */
export function borderSegments(field, [xmin, xmax, ymin, ymax]) {
  const { n, classes } = field;
  const x = (c) => xmin + ((c + 0.5) / n) * (xmax - xmin);
  const y = (r) => ymax - ((r + 0.5) / n) * (ymax - ymin);
  const segments = [];
  for (let k = 0; k < classes; k++) segments.push(...zeroSegments(margins(field, k), n, x, y));
  return segments;
}

/** Stroke segments in data units with `style` ({color, width, dash}) through the plane's toX/toY. */
export function drawSegments(ctx, segments, { toX, toY }, { color, width, dash = [] }) {
  Object.assign(ctx, { strokeStyle: color, lineWidth: width, lineCap: "round" });
  ctx.setLineDash(dash);
  ctx.beginPath();
  for (const [[x0, y0], [x1, y1]] of segments) {
    ctx.moveTo(toX(x0), toY(y0));
    ctx.lineTo(toX(x1), toY(y1));
  }
  ctx.stroke();
  ctx.setLineDash([]);
}
