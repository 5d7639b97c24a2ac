"""The class colours (web/palette.js) stay apart for colour-blind viewers: every pair's CIELAB ΔE76 is checked for
normal vision and under the Machado, Oliveira & Fernandes (2009) full-severity simulations of protanopia,
deuteranopia and tritanopia (matrices applied in linear sRGB). The markers keep their own shapes on top."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest

PALETTE = (Path(__file__).resolve().parents[2] / "web/palette.js").read_text()

SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
# What a viewer can still tell apart at a glance on the plane's tinted regions: well above the ~2.3 "just
# noticeable" and the ~10 of colours that read as one hue. Normal vision keeps a wider margin.
MIN_DELTA_E = {"normal": 30.0, "protanopia": 20.0, "deuteranopia": 20.0, "tritanopia": 20.0}
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
D65 = np.array([0.95047, 1.0, 1.08883])


def exported_list(name: str) -> list[str]:
    match = re.search(rf"export const {name} = (\[[^\]]*\]);", PALETTE)
    assert match, f"palette.js exports {name}"
    return json.loads(match.group(1))


def linear_rgb(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ rgb / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours: list[str], simulation: np.ndarray) -> tuple[float, str, str]:
    seen = {c: lab(np.clip(simulation @ linear_rgb(c), 0, 1)) for c in colours}
    return min((float(np.linalg.norm(seen[a] - seen[b])), a, b) for a, b in itertools.combinations(colours, 2))


def test_the_palette_reads_as_five_colours_and_five_shapes():
    colours = exported_list("CLASS_COLORS")
    assert len(colours) == 5 and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert exported_list("CLASS_GLYPHS") == ["○", "✕", "△", "□", "◇"]


@pytest.mark.parametrize("vision", sorted(SIMULATIONS))
def test_every_pair_of_class_colours_stays_apart(vision):
    distance, a, b = closest_pair(exported_list("CLASS_COLORS"), SIMULATIONS[vision])
    assert distance >= MIN_DELTA_E[vision], f"{vision}: {a} and {b} are only ΔE {distance:.1f} apart"


def test_the_check_catches_the_old_blue_and_purple():
    distance, *_ = closest_pair(["#2f6fb3", "#8e5fb8"], SIMULATIONS["protanopia"])
    assert distance < 5
