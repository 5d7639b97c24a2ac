// The step inspector (issue 12 part 1), wired into the 2D lab: a button beside the transport opens, on a paused
// run, the panel of views/inspector.js in the side column (in place of the math and the units, never over the
// plane); the plane rings the minibatch, marks the picked example, and draws the boundary now dashed and after
// the update solid (every model kind's, by its forward pass over the points answer's feature maps). A click on a
// ringed point picks it. Apply makes exactly the inspected update (POST /step {"steps": 1}) and inspects the next.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { borderSegments, drawSegments, gridField, networkField } from "./views/boundary.js";
import { createInspectorPanel } from "./views/inspector.js";
import { element } from "./util.js";

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="10.5" cy="10.5" r="5.5" fill="none" stroke="currentColor" ' +
  'stroke-width="2" /><path d="M15 15l4.5 4.5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" /></svg>';
const GHOST = { color: "#5b6068", width: 1.6, dash: [5, 4] };
const AFTER = { color: "#1d2128", width: 2.4 };

/** The two boundaries: now (dashed) and after the update (solid), by the net's forward pass over the points
 * answer's feature maps; before those have come, the current region map's borders only. */
function boundaries(inspection, page) {
  const points = page.data.server;
  if (points?.feature_maps) {
    const activation = inspection.example.activation ?? "linear";
    const field = (layers) => networkField(points.feature_maps, inspection.features, layers, activation);
    return {
      ghost: borderSegments(field(inspection.parameters), points.extent),
      after: borderSegments(field(inspection.new_parameters), points.extent),
    };
  }
  const grid = page.views.plane.grid();
  return { ghost: grid ? borderSegments(gridField(grid), grid.extent) : [], after: [] };
}

/** The plane's overlay: both boundaries, rings round the batch, a larger one round the picked example. */
function overlayOf(state) {
  return (ctx, mapping) => {
    const { inspection, rows, lines } = state;
    drawSegments(ctx, lines.ghost, mapping, GHOST);
    drawSegments(ctx, lines.after, mapping, AFTER);
    inspection.batch.indices.forEach((index, position) => {
      const row = rows[index];
      if (!row) return;
      const picked = position === inspection.example.position;
      Object.assign(ctx, { strokeStyle: picked ? "#c0173e" : "#1d2128", lineWidth: picked ? 2.5 : 1.5 });
      ctx.beginPath();
      ctx.arc(mapping.toX(row[0]), mapping.toY(row[1]), picked ? 10 : 7, 0, 2 * Math.PI);
      ctx.stroke();
    });
  };
}

/** The batch position of the ringed point nearest (x, y) within a little over `radius`, or −1. */
function ringedPointAt(state, x, y, radius) {
  let best = -1;
  let bestDistance = radius * 1.6;
  (state.inspection?.batch.indices ?? []).forEach((index, position) => {
    const row = state.rows[index];
    const distance = row ? Math.hypot(row[0] - x, row[1] - y) : Infinity;
    if (distance <= bestDistance) [best, bestDistance] = [position, distance];
  });
  return best;
}

/** What the browser tests read (window.__lab.inspector). */
function statsOf(state) {
  return {
    open: state.open,
    step: state.inspection?.step ?? null,
    position: state.inspection?.example.position ?? null,
    ghostSegments: state.open ? (state.lines?.ghost.length ?? 0) : 0,
    afterSegments: state.open ? (state.lines?.after.length ?? 0) : 0,
    newParameters: state.inspection?.new_parameters ?? null,
    applied: state.applied,
    batch: state.inspection ? state.inspection.batch.indices.map((index) => state.rows[index]) : [],
  };
}

/** The button beside the transport's step button. */
function inspectButton(onClick) {
  const button = element("button", { type: "button", id: "inspect", class: "round", disabled: "" });
  button.innerHTML = ICON;
  button.title = t("inspect.button_title");
  button.ariaLabel = t("inspect.button");
  button.addEventListener("click", onClick);
  document.querySelector(".transport").append(button);
  return button;
}

/** page: the 2D lab's page object (shell, views.plane, data). Returns {onStatus, claimClick, stats}. */
export function createStepInspector(page) {
  const root = element("section", { id: "inspector", class: "card inspector", hidden: "" });
  root.setAttribute("aria-label", t("inspect.title_short"));
  document.querySelector(".side .curves").after(root);
  const state = { open: false, inspection: null, rows: [], lines: null, runId: null, applied: null, serial: 0 };
  const controller = page.shell.controller;

  function close() {
    state.open = false;
    state.serial++;
    root.hidden = true;
    root.parentElement.classList.remove("inspecting");
    page.views.plane.setOverlay(null);
  }

  async function inspect(position) {
    const serial = ++state.serial;
    panel.busy(t("inspect.loading"));
    try {
      const runId = controller.runId;
      if (state.runId !== runId) {
        state.rows = (await controller.withRun((id) => api.runPoints(id)))?.train ?? [];
        state.runId = runId;
      }
      const inspection = await controller.withRun((id) => api.inspectRun(id, position));
      if (serial !== state.serial || !inspection) return;
      Object.assign(state, { inspection, lines: boundaries(inspection, page) });
      panel.show(inspection, "inspect.plane_key");
      panel.busy(null);
      page.views.plane.setOverlay(overlayOf(state));
    } catch (error) {
      if (serial === state.serial) panel.busy(error.message);
    }
  }

  async function open() {
    if (!(await controller.hold())) return;
    Object.assign(state, { open: true });
    root.hidden = false;
    root.parentElement.classList.add("inspecting");
    await inspect(0);
  }

  async function apply() {
    const inspection = state.inspection;
    if (!inspection) return;
    panel.busy(t("inspect.applying"));
    await controller.step(1);
    state.applied = { step: inspection.step + 1, parameters: inspection.new_parameters };
    if (state.open) await inspect(inspection.example.position);
  }

  const panel = createInspectorPanel(root, {
    onPick: (position) => inspect(position),
    onApply: apply,
    onClose: close,
  });
  const button = inspectButton(() => (state.open ? close() : open()));

  return {
    /** The run's status changed: the button works on a paused run; anything else makes the inspection stale. */
    onStatus(status) {
      button.disabled = status !== "paused";
      if (state.open && status !== "paused") close();
    },
    /** A click on the plane at (x, y): while inspecting, it picks the nearest ringed point and adds nothing. */
    claimClick(x, y, radius) {
      if (!state.open) return false;
      const position = ringedPointAt(state, x, y, radius);
      if (position >= 0) inspect(position);
      return true;
    },
    stats: () => statsOf(state),
  };
}
