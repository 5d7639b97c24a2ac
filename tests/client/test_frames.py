"""The client decodes exactly what models/frame_bytes.py encodes (to within one byte step)."""

import numpy as np

from boundary_lab.frames import Grid, UnitMaps, image_stack
from models.frame_bytes import b64 as _b64
from models.frame_bytes import image_stack as encode_stack


def test_signed_and_unsigned_image_stacks_round_trip():
    rng = np.random.default_rng(0)
    signed = rng.normal(size=(4, 5, 5)) * np.array([1.0, 10.0, 0.01, 3.0])[:, None, None]
    unsigned = np.abs(rng.normal(size=(3, 7, 7)))
    for array, is_signed in ((signed, True), (unsigned, False)):
        decoded = image_stack(encode_stack(array, signed=is_signed))
        scale = np.abs(array).reshape(len(array), -1).max(axis=1)[:, None, None]
        step = scale / (127.5 if is_signed else 255.0)
        assert decoded.shape == array.shape
        assert np.all(np.abs(decoded - array) <= step * 0.51 + 1e-6)


def test_grid_decodes_rows_and_classes_in_wire_order():
    probs = np.zeros((3, 3, 2), np.uint8)
    probs[0, 2, 1] = 255  # row 0 = largest y, class index fastest
    grid = Grid.from_json({"resolution": 3, "classes": 2, "extent": [-6, 6, -6, 6], "probs": _b64(probs)})
    assert grid.probs.shape == (3, 3, 2)
    assert grid.probs[0, 2, 1] == 1.0 and grid.probs.sum() == 1.0


def test_unit_maps_come_back_in_true_units():
    maps = np.array([[[0, 255], [128, 64]]], np.uint8)
    units = UnitMaps.from_json({"resolution": 2, "layers": [1], "maps": _b64(maps), "scales": [2.0]})
    assert np.allclose(units.maps[0], (maps[0] / 127.5 - 1.0) * 2.0)
