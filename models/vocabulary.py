"""Every name and numeric bound a run may use, defined once: the schemas are built from it, GET /api/limits serves
it, and the page's own copies are checked against it (tests/web/test_vocabulary.py).

Pure data, no JAX. A dataset's `seed` is mixed into its generator's seed (models/datasets2d.py): it is written out
here, not derived from the list's order, so adding a dataset never changes another one's points (the values are the
positions the names had when the seed was derived from them; tests/models/test_dataset_seeds.py pins the points).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DatasetWord:
    name: str
    title: str
    classes: tuple[int, ...]  # class counts it supports
    description: str
    lab: str  # which of LAB_NAMES trains on it: "plane" (2D points) or "digits" (MNIST images)
    seed: int | None = None  # mixed into the generator's seed; None where nothing is generated

    def class_count(self, requested: int) -> int:
        """How many classes a run on it has: the requested count where it offers several, else its one count."""
        return requested if len(self.classes) > 1 else self.classes[0]


LAB_NAMES = ("plane", "digits")  # the 2D lab at / and the digits lab at /digits.html

DATASETS = (
    DatasetWord("linear", "Linear (○ vs ✕)", (2,), "Two classes split by a line.", "plane", 0),
    DatasetWord("blobs3", "Blobs", (2, 3, 4, 5), "K Gaussian clouds on a circle.", "plane", 1),
    DatasetWord("circle", "Circle", (2,), "A disc inside a ring.", "plane", 2),
    DatasetWord("xor", "XOR", (2,), "Quadrants by the sign of x1·x2.", "plane", 3),
    DatasetWord("gauss", "Gaussians", (2,), "Two overlapping Gaussian clouds.", "plane", 4),
    DatasetWord("spiral", "Spiral", (2, 3, 4, 5), "Interleaved spiral arms.", "plane", 5),
    DatasetWord("moons", "Moons", (2,), "Two interlocking half circles.", "plane", 6),
    DatasetWord("custom", "Custom", (2, 3, 4, 5), "Your own [x1, x2, label] points.", "plane"),
    DatasetWord("mnist", "MNIST digits", (10,), "28×28 handwritten digits (8,000/2,000).", "digits"),
)
DATASET_BY_NAME = {word.name: word for word in DATASETS}
DATASET_NAMES = tuple(DATASET_BY_NAME)
PLANE_DATASET_NAMES = tuple(word.name for word in DATASETS if word.lab == "plane")
GENERATED_DATASET_NAMES = tuple(word.name for word in DATASETS if word.seed is not None)
MULTICLASS_DATASET_NAMES = tuple(word.name for word in DATASETS if word.lab == "plane" and len(word.classes) > 1)

FEATURE_NAMES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2")
MODEL_KINDS = ("logistic", "softmax", "mlp", "cnn")
MODEL_KINDS_BY_LAB = {  # which kinds each of LAB_NAMES trains: logistic regression is the 2D lab's, the CNN the digits'
    "plane": ("logistic", "softmax", "mlp"),
    "digits": ("softmax", "mlp", "cnn"),
}
ACTIVATION_NAMES = ("relu", "tanh", "sigmoid", "linear")
OPTIMIZER_NAMES = ("sgd", "momentum", "adam")
REGULARIZATION_NAMES = ("none", "l1", "l2")


@dataclass(frozen=True)
class Range:
    """[low, high], both inclusive unless `low_exclusive`. `page_low`: where the pages' sliders start, above what the
    API takes, because the API's low end is excluded or teaches nothing there (a rate of 1e-5 is the slowest worth
    watching; the CNN lesson needs a second conv layer; a 5 % training split is the smallest the slider offers)."""

    low: float
    high: float
    low_exclusive: bool = False
    page_low: float | None = None


BOUNDS = {
    # dataset
    "n_points": Range(4, 5000),
    "noise": Range(0.0, 1.0),
    "train_fraction": Range(0.0, 1.0, low_exclusive=True, page_low=0.05),
    "classes": Range(2, 5),
    "custom_points": Range(2, 5000),
    "coordinate": Range(-1000.0, 1000.0),
    "seed": Range(0, 2**31 - 1),
    # model
    "hidden_layers": Range(0, 6),
    "units_per_layer": Range(1, 32),
    "features": Range(1, len(FEATURE_NAMES)),
    "conv1_filters": Range(1, 32),
    "conv2_filters": Range(0, 64, page_low=1),  # 0: the one-conv-layer lesson (No.7)
    "kernel_size": Range(1, 7),
    "dense_units": Range(0, 512, page_low=8),
    # optimizer
    "learning_rate": Range(0.0, 10.0, low_exclusive=True, page_low=1e-5),
    "batch_size": Range(1, 1000),
    "regularization_rate": Range(0.0, 10.0),
    # run and requests
    "max_steps": Range(1, 10_000_000),
    "grid_resolution": Range(10, 200),
    "probe_index": Range(0, 59_999),  # the test image frames show: full MNIST's training split is the largest
    "digit_index": Range(0, 69_999),  # any MNIST image (the convolution lesson); checked again against the source
    "step_request": Range(1, 100_000),
    "predict_points": Range(1, 10_000),
    "predict_images": Range(1, 64),
    "surface_resolution": Range(5, 61),  # GET /api/runs/{id}/surface: grid points per axis
    "image_pixels": Range(784, 784),  # a digit as a flat 28×28 row-major list
    "pixel_value": Range(0.0, 1.0),  # grayscale v/255
    "wait_seconds": Range(0.0, 600.0, low_exclusive=True),  # GET /api/runs/{id}?wait=true waits at most this long
    "prepare_configs": Range(1, 8),  # run configs one POST /api/prepare may queue for compiling ahead
    # the digits resource (no training): browsing samples, the convolution lesson's kernel
    "sample_offset": Range(0, 100_000),
    "sample_limit": Range(1, 100),
    "convolve_kernel_size": Range(1, 7),  # k of a k×k kernel
    "kernel_value": Range(-100.0, 100.0),
    # the digits probes of a run (models/digits_probes.py) and the upload preprocessing (models/preprocess.py)
    "digit_class": Range(0, 9),  # a row (true) or column (predicted) of the confusion matrix
    "robustness_strengths": Range(1, 8),  # strengths one robustness request evaluates
    "shift_pixels": Range(0.0, 8.0),
    "rotation_degrees": Range(0.0, 60.0),
    "noise_sigma": Range(0.0, 1.0),
    "thickness_steps": Range(-2, 2),  # erosion (−) or dilation (+) steps
    "embedding_limit": Range(2, 2000),  # the first N test digits on the embedding's map
    "upload_bytes": Range(1, 1_000_000),  # an uploaded PNG/JPEG, refused above this before decoding
    "upload_pixels": Range(1, 2048 * 2048),  # its width × height, read from its header before decoding
}
