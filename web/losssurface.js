// The loss surface (issue 12 part 2), wired into the 2D lab for logistic and softmax regression: a toggle under
// the plane opens views/surface.js in the side column (in place of the units). The path of the two chosen weights
// grows from the frames' live coefficients (~30 a second, nothing extra asked of the server); the surface itself
// is asked for every SURFACE_REFRESH_MS at most, and at once when the path leaves it, so training keeps its speed.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { createSurfacePanel } from "./views/surface.js";
import { element } from "./util.js";

const SURFACE_REFRESH_MS = 2000;
const RESOLUTION = 31;
const MAX_PATH = 4000;
const LINEAR = new Set(["logistic", "softmax"]);

/** A weight named "wj" (logistic) or "wj_k" (softmax) read from a frame's coefficient rows ([w0, w1, …] per k). */
function weightOf(rows, name) {
  const [, j, k = "0"] = /^w(\d+)(?:_(\d+))?$/.exec(name) ?? [];
  return rows?.[Number(k)]?.[Number(j)];
}

/** Whether (x, y) lies outside the surface's grid. */
function outside(surface, [x, y]) {
  const n = surface.resolution;
  return x < surface.x_values[0] || x > surface.x_values[n - 1] || y < surface.y_values[0] || y > surface.y_values[n - 1];
}

/** The toggle under the plane. */
function surfaceToggle(onToggle) {
  const input = element("input", { id: "show-surface", type: "checkbox" });
  const label = element("label", { class: "toggle", title: t("surface.toggle_title") }, input, " ");
  label.append(element("span", { text: t("surface.toggle") }));
  input.addEventListener("change", () => onToggle(input.checked));
  document.querySelector(".view-toggles").append(label);
  return { label, input };
}

/** page: the 2D lab's page object (shell.controller). Returns {frame, runStarted, stats}. */
export function createLossSurface(page) {
  const root = element("section", { id: "surface", class: "card surface", hidden: "" });
  document.querySelector(".side .math-card").after(root);
  const state = { open: false, axes: { x: null, y: null }, path: [], surface: null, fetching: false, due: 0 };
  Object.assign(state, { timer: 0, fetched: 0 });
  const controller = page.shell.controller;

  async function refresh() {
    if (!state.open || state.fetching) return;
    state.fetching = true;
    state.due = Date.now() + SURFACE_REFRESH_MS;
    try {
      const { x, y } = state.axes;
      const surface = await controller.withRun((id) =>
        api.lossSurface(id, { x, y, resolution: RESOLUTION }),
      );
      if (surface && state.open) {
        state.surface = surface;
        state.axes = { x: surface.x, y: surface.y };
        state.fetched++;
        panel.setSurface(surface);
      }
    } catch (error) {
      page.shell.report(error.message);
    } finally {
      state.fetching = false;
    }
  }

  function show(open) {
    state.open = open;
    toggle.input.checked = open;
    root.hidden = !open;
    root.parentElement.classList.toggle("surfacing", open);
    clearInterval(state.timer);
    if (open) {
      state.timer = setInterval(() => Date.now() >= state.due && refresh(), SURFACE_REFRESH_MS / 4);
      refresh();
    }
  }

  const panel = createSurfacePanel(root, {
    onAxes(axes) {
      Object.assign(state, { axes, path: [] });
      panel.setPath([]);
      state.due = 0;
      refresh();
    },
    onClose: () => show(false),
  });
  const toggle = surfaceToggle(show);

  return {
    /** A frame: the two weights' next point on the path (a path leaving the map asks for a new map). */
    frame(frame) {
      const { x, y } = state.axes;
      if (!state.open || !x || !frame.coefficients) return;
      const point = [weightOf(frame.coefficients, x), weightOf(frame.coefficients, y)];
      if (!point.every(Number.isFinite)) return;
      state.path.push(point);
      if (state.path.length > MAX_PATH) state.path = state.path.filter((_, i) => i % 2 === 0);
      panel.setPath(state.path);
      if (state.surface && outside(state.surface, point) && !state.fetching) state.due = 0;
    },
    /** A new run of `settings`: a fresh path, and the toggle only where the model is a linear one. */
    runStarted(settings) {
      Object.assign(state, { path: [], surface: null });
      panel.clear();
      const linear = LINEAR.has(settings.model);
      toggle.label.hidden = !linear;
      if (!linear) show(false);
      else if (state.open) state.due = 0;
    },
    stats: () => ({ open: state.open, pathPoints: state.path.length, surfaces: state.fetched, axes: state.axes }),
  };
}
