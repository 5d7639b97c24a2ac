"""Links and tests made before the seeds were written out must still reproduce the same points.

The digests were computed from the code that derived each dataset's seed from its position in the name list; the
per-dataset constants that replaced it must give the same numbers (rounded to 4 decimals, as the API sends them).
"""

import hashlib

import numpy as np
import pytest

from models.datasets2d import BUILTIN_NAMES, make_points

DIGESTS = {  # name: (the defaults, then n_points=123 noise=0.3 classes=3 seed=7)
    "linear": ("43712fdbf4f8b596", "3324bae5adcb320f"),
    "blobs3": ("155b1d5e93d36543", "78bd82e77a71eeac"),
    "circle": ("5b068cf1b303252d", "4d475376bdcaf924"),
    "xor": ("0ed4b018722f72c7", "fad9a637539bb6bc"),
    "gauss": ("2857d412c471f086", "6d639d5c4da682be"),
    "spiral": ("337997875da6b72e", "46f649445a771c3b"),
    "moons": ("a4837fc08d2ed75e", "b809ec918e374e5a"),
}


def points_digest(name: str, **knobs) -> str:
    pts = make_points(name, **knobs)
    h = hashlib.sha256()
    for array in (pts.train_x, pts.train_y, pts.test_x, pts.test_y):
        h.update(np.round(array.astype(np.float64), 4).tobytes())
    return h.hexdigest()[:16]


def test_every_builtin_dataset_has_a_stored_digest():
    assert set(DIGESTS) == set(BUILTIN_NAMES)


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_points_are_the_same_as_before_the_seeds_were_written_out(name):
    defaults, knobs = DIGESTS[name]
    assert points_digest(name) == defaults
    assert points_digest(name, n_points=123, noise=0.3, classes=3, seed=7) == knobs
