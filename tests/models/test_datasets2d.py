import numpy as np
import pytest

from models.datasets2d import BUILTIN_NAMES, generate, make_points, n_train_of


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_builtin_sets_are_deterministic_and_labelled(name):
    x1, y1 = generate(name, 300, 0.1, seed=3, classes=3)
    x2, y2 = generate(name, 300, 0.1, seed=3, classes=3)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert x1.shape == (300, 2) and x1.dtype == np.float32
    assert set(np.unique(y1)) == set(range(3 if name in ("blobs3", "spiral") else 2))
    other, _ = generate(name, 300, 0.1, seed=4, classes=3)
    assert not np.array_equal(x1, other)


def test_noise_zero_linear_is_separable_by_a_line():
    x, y = generate("linear", 400, 0.0, seed=0)
    # a perceptron pass finds a separating line iff one exists (bounded passes suffice with the margin used)
    w = np.zeros(3)
    xb = np.column_stack([np.ones(len(x)), x])
    sign = 2 * y - 1
    for _ in range(200):
        wrong = sign * (xb @ w) <= 0
        if not wrong.any():
            break
        w += (sign[wrong, None] * xb[wrong]).sum(axis=0)
    assert not (sign * (xb @ w) <= 0).any()


def test_split_sizes_and_extent():
    pts = make_points("spiral", 500, 0.0, 0.5)
    assert len(pts.train_y) == 250 and len(pts.test_y) == 250
    assert pts.extent == (-6.0, 6.0, -6.0, 6.0)
    whole = make_points("spiral", 500, 0.0, 1.0)
    assert len(whole.test_y) == 0 and len(whole.train_y) == 500
    assert n_train_of(10, 0.01) == 1


def test_custom_points_keep_labels_and_widen_extent():
    rows = [[0.0, 0.0, 0], [1.0, 1.0, 1], [20.0, -3.0, 2], [2.0, 2.0, 1]]
    pts = make_points("custom", train_fraction=1.0, classes=3, points=rows)
    assert pts.classes == 3
    assert sorted(map(tuple, np.column_stack([pts.train_x, pts.train_y]).tolist())) == sorted(map(tuple, rows))
    assert pts.extent[1] >= 22.0
