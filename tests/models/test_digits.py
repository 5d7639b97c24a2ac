"""The MNIST data layer: the committed subset is the published one, the split is fixed, IDX is strict."""

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest

from models.digits import IdxFormatError, load_digits, load_idx_dir, load_subset, read_idx, split_subset

PUBLISHED_SHA256 = "0768d16c5adea568dee18fa5e4e1acb117e9ec2c5d6b1dffe5fc29c1e61c1eca"
PUBLISHED_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]


def idx_bytes(array: np.ndarray, type_code: int = 0x08) -> bytes:
    """Encode a uint8 array as IDX: 00 00, type code, ndim, big-endian uint32 dims, payload."""
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_idx(path: Path, array: np.ndarray) -> Path:
    data = idx_bytes(array)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def tiny_mnist(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    images = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=count, dtype=np.uint8)
    return images, labels


def test_subset_matches_published_checksum_and_counts():
    images, labels = load_subset()
    assert images.shape == (10_000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10_000,) and labels.dtype == np.uint8
    assert hashlib.sha256(images.tobytes()).hexdigest() == PUBLISHED_SHA256
    assert np.bincount(labels, minlength=10).tolist() == PUBLISHED_COUNTS
    assert np.all(np.diff(labels.astype(int)) >= 0), "labels are stored in digit order 0..9"


def test_subset_is_cached_and_read_only():
    images, labels = load_subset()
    assert load_subset()[0] is images
    with pytest.raises(ValueError):
        images[0, 0, 0] = 1
    with pytest.raises(ValueError):
        labels[0] = 1


def test_tampered_subset_is_refused(tmp_path):
    images, labels = load_subset()
    tampered = images.copy()
    tampered[0, 14, 14] ^= 1
    path = tmp_path / "mnist10k.npz"
    np.savez_compressed(path, images=tampered, labels=labels)
    with pytest.raises(ValueError, match="sha256"):
        load_subset(path)


def test_split_is_deterministic_and_disjoint():
    first, second = split_subset(0), split_subset(0)
    for name in ("train_images", "train_labels", "test_images", "test_labels"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    assert first.train_images.shape == (8_000, 784) and first.test_images.shape == (2_000, 784)
    assert first.train_images.dtype == np.float32 and first.train_labels.dtype == np.int32
    assert first.train_images.min() >= 0.0 and first.train_images.max() <= 1.0
    assert set(first.train_labels.tolist()) == set(range(10)) == set(first.test_labels.tolist())

    order = np.random.default_rng(0).permutation(10_000)
    train, test = order[:8_000], order[8_000:]
    assert np.intersect1d(train, test).size == 0 and np.union1d(train, test).size == 10_000
    images, labels = load_subset()
    np.testing.assert_array_equal(first.test_labels, labels[test])
    np.testing.assert_array_equal(first.test_images, images[test].reshape(-1, 784) / np.float32(255))


def test_split_seed_zero_is_pinned():
    """If numpy ever changes default_rng's permutation, quoted accuracies would silently change meaning."""
    first_indices = np.random.default_rng(0).permutation(10_000)[:8].tolist()
    assert first_indices == [3577, 8925, 1634, 485, 4753, 726, 9505, 3650]
    split = split_subset(0)
    digest = hashlib.sha256(split.train_labels.tobytes()).hexdigest()
    assert digest == "cceac88b352f82b44bbd976ec579ccfdbf60ab4b8470a25b70af392f1e943868"
    assert np.bincount(split.test_labels).tolist() == [217, 245, 186, 204, 191, 184, 203, 188, 189, 193]


def test_other_seed_gives_other_split():
    assert not np.array_equal(split_subset(0).test_labels, split_subset(1).test_labels)


@pytest.mark.parametrize("gz", ["", ".gz"])
def test_read_idx_round_trips(tmp_path, gz):
    images, _ = tiny_mnist(np.random.default_rng(1), 5)
    parsed = read_idx(write_idx(tmp_path / f"train-images-idx3-ubyte{gz}", images))
    assert parsed.dtype == np.uint8
    np.testing.assert_array_equal(parsed, images)


@pytest.mark.parametrize(("sep", "gz"), [("-", ""), ("-", ".gz"), (".", ""), (".", ".gz")])
def test_load_idx_dir_accepts_standard_names(tmp_path, sep, gz):
    rng = np.random.default_rng(2)
    train_images, train_labels = tiny_mnist(rng, 6)
    test_images, test_labels = tiny_mnist(rng, 4)
    write_idx(tmp_path / f"train-images{sep}idx3-ubyte{gz}", train_images)
    write_idx(tmp_path / f"train-labels{sep}idx1-ubyte{gz}", train_labels)
    write_idx(tmp_path / f"t10k-images{sep}idx3-ubyte{gz}", test_images)
    write_idx(tmp_path / f"t10k-labels{sep}idx1-ubyte{gz}", test_labels)

    for split in (load_idx_dir(tmp_path), load_digits(str(tmp_path))):
        assert split.train_images.shape == (6, 784) and split.test_images.shape == (4, 784)
        assert split.train_images.dtype == np.float32 and split.test_labels.dtype == np.int32
        np.testing.assert_array_equal(split.train_labels, train_labels)
        np.testing.assert_array_equal(split.test_labels, test_labels)
        np.testing.assert_allclose(split.test_images, test_images.reshape(4, 784) / 255.0, rtol=1e-6)
        assert str(tmp_path) in split.source


def test_load_digits_without_directory_uses_subset():
    split = load_digits(None)
    assert split.train_images.shape == (8_000, 784) and "subset" in split.source
    np.testing.assert_array_equal(split.test_labels, split_subset(0).test_labels)


def test_load_idx_dir_names_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        load_idx_dir(tmp_path)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda raw: b"\x01" + raw[1:], "bad magic number"),
        (lambda raw: raw[:2] + b"\x0d" + raw[3:], r"unsupported element type 0x0d \(float32\)"),
        (lambda raw: raw[:-1], "truncated, shape"),
        (lambda raw: raw[:10], "truncated header"),
        (lambda raw: raw[:3], "truncated, 3 bytes is shorter"),
        (lambda raw: raw + b"\x00\x00", "2 trailing bytes"),
    ],
    ids=["magic", "type", "payload", "header", "short", "trailing"],
)
def test_read_idx_rejects_bad_files(tmp_path, mangle, message):
    images, _ = tiny_mnist(np.random.default_rng(3), 2)
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(mangle(idx_bytes(images)))
    with pytest.raises(IdxFormatError, match=message) as caught:
        read_idx(path)
    assert str(path) in str(caught.value)


def test_read_idx_rejects_corrupt_gzip(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(IdxFormatError, match="not a valid gzip file"):
        read_idx(path)


def write_split(directory: Path, train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]):
    write_idx(directory / "train-images-idx3-ubyte", train[0])
    write_idx(directory / "train-labels-idx1-ubyte", train[1])
    write_idx(directory / "t10k-images-idx3-ubyte", test[0])
    write_idx(directory / "t10k-labels-idx1-ubyte", test[1])


def test_load_idx_dir_rejects_count_mismatch(tmp_path):
    rng = np.random.default_rng(4)
    train_images, train_labels = tiny_mnist(rng, 5)
    write_split(tmp_path, (train_images, train_labels[:4]), tiny_mnist(rng, 3))
    with pytest.raises(IdxFormatError, match="holds 5 images but .*train-labels-idx1-ubyte holds 4 labels"):
        load_idx_dir(tmp_path)


def test_load_idx_dir_rejects_wrong_image_size(tmp_path):
    rng = np.random.default_rng(5)
    write_split(tmp_path, (np.zeros((3, 27, 28), np.uint8), np.zeros(3, np.uint8)), tiny_mnist(rng, 3))
    with pytest.raises(IdxFormatError, match=r"shape \(3, 27, 28\), expected \(n, 28, 28\)"):
        load_idx_dir(tmp_path)


def test_load_idx_dir_rejects_labels_above_nine(tmp_path):
    rng = np.random.default_rng(6)
    images, labels = tiny_mnist(rng, 3)
    labels[1] = 10
    write_split(tmp_path, tiny_mnist(rng, 2), (images, labels))
    with pytest.raises(IdxFormatError, match="t10k-labels-idx1-ubyte: label 10 is not a digit"):
        load_idx_dir(tmp_path)
