"""Distortions of 28×28 digits for the robustness probe: shift, rotation, Gaussian noise and stroke thickness.

Each distortion maps flat images (n, 784) in [0, 1] and one strength to images of the same shape, and strength 0 is
the identity exactly (the images come back untouched), so accuracy at 0 is the plain test accuracy. Some distortions
have a direction; the probe averages over its `variants` so no one direction (a digit's margins are not symmetric)
decides the answer:

* shift: by `strength` pixels (fractions allowed) right, left, down and up, the four averaged; ink leaving the field
  is lost, new pixels are background (0).
* rotation: by `strength` degrees anticlockwise and clockwise about the field's centre (13.5, 13.5 in pixel-centre
  coordinates), both averaged. Shift and rotation are one inverse-mapped bilinear warp: output pixel p reads the
  source at A·p, weighting its four neighbours by the fractional parts (outside the field reads 0). A whole-pixel
  shift reads exactly one neighbour with weight 1, so it moves pixels without blurring them.
* noise: x + σ·z clipped to [0, 1], z one fixed standard-normal draw (seed `NOISE_SEED`), the same z at every σ so
  the curve is smooth in σ and the same on every call.
* thickness: `strength` whole steps of grayscale dilation (positive: each step takes the maximum over a pixel and its
  four neighbours, one pixel more ink around every stroke) or erosion (negative: the minimum, one pixel less).
"""

from __future__ import annotations

import math
from functools import partial

import jax
import jax.numpy as jnp

SIDE = 28
CENTRE = (SIDE - 1) / 2
NOISE_SEED = 0
VARIANTS = {"shift": 4, "rotation": 2, "noise": 1, "thickness": 1}
SHIFT_DIRECTIONS = ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0))  # (dx, dy): right, left, down, up


def _shift_map(strength: float, variant: int) -> tuple[tuple[float, float, float], ...]:
    """Output pixel p (centred x, y, 1) reads the source at p − strength·direction."""
    dx, dy = SHIFT_DIRECTIONS[variant]
    return ((1.0, 0.0, -dx * strength), (0.0, 1.0, -dy * strength))


def _rotation_map(strength: float, variant: int) -> tuple[tuple[float, float, float], ...]:
    """Output pixel p reads the source at R(θ)·p, which turns the digit anticlockwise on screen (y points down) for
    variant 0 and clockwise for variant 1."""
    angle = math.radians(strength if variant == 0 else -strength)
    cos, sin = math.cos(angle), math.sin(angle)
    return ((cos, -sin, 0.0), (sin, cos, 0.0))


@jax.jit
def warp(images: jnp.ndarray, inverse: jnp.ndarray) -> jnp.ndarray:
    """Bilinear inverse-mapped warp of flat 28×28 images; `inverse` (2, 3) acts on centred (x, y, 1)."""
    ys, xs = jnp.meshgrid(jnp.arange(SIDE, dtype=jnp.float32), jnp.arange(SIDE, dtype=jnp.float32), indexing="ij")
    centred = jnp.stack([xs.ravel() - CENTRE, ys.ravel() - CENTRE, jnp.ones(SIDE * SIDE)])
    source_x, source_y = inverse @ centred + CENTRE
    x0, y0 = jnp.floor(source_x), jnp.floor(source_y)
    fx, fy = source_x - x0, source_y - y0
    out = jnp.zeros_like(images)
    for oy, wy in ((0, 1 - fy), (1, fy)):
        for ox, wx in ((0, 1 - fx), (1, fx)):
            x, y = x0 + ox, y0 + oy
            inside = (x >= 0) & (x < SIDE) & (y >= 0) & (y < SIDE)
            index = (jnp.clip(y, 0, SIDE - 1) * SIDE + jnp.clip(x, 0, SIDE - 1)).astype(jnp.int32)
            out = out + images[:, index] * jnp.where(inside, wx * wy, 0.0)
    return out


@jax.jit
def add_noise(images: jnp.ndarray, sigma: jnp.ndarray) -> jnp.ndarray:
    noise = jax.random.normal(jax.random.PRNGKey(NOISE_SEED), images.shape, images.dtype)
    return jnp.clip(images + sigma * noise, 0.0, 1.0)


def _neighbourhood(images: jnp.ndarray, reduce) -> jnp.ndarray:
    """`reduce` over each pixel and its four neighbours (outside the field is background, 0)."""
    padded = jnp.pad(images.reshape(-1, SIDE, SIDE), ((0, 0), (1, 1), (1, 1)))
    centre = padded[:, 1:-1, 1:-1]
    neighbours = (padded[:, :-2, 1:-1], padded[:, 2:, 1:-1], padded[:, 1:-1, :-2], padded[:, 1:-1, 2:])
    out = centre
    for other in neighbours:
        out = reduce(out, other)
    return out.reshape(images.shape)


@partial(jax.jit, static_argnames="steps")
def change_thickness(images: jnp.ndarray, steps: int) -> jnp.ndarray:
    reduce = jnp.maximum if steps > 0 else jnp.minimum
    for _ in range(abs(steps)):
        images = _neighbourhood(images, reduce)
    return images


def _warped(inverse_map):
    def apply(images: jnp.ndarray, strength: float, variant: int) -> jnp.ndarray:
        return warp(images, jnp.asarray(inverse_map(strength, variant), jnp.float32))

    return apply


DISTORTIONS = {
    "shift": _warped(_shift_map),
    "rotation": _warped(_rotation_map),
    "noise": lambda images, strength, variant: add_noise(images, jnp.float32(strength)),
    "thickness": lambda images, strength, variant: change_thickness(images, int(strength)),
}
DISTORTION_NAMES = tuple(DISTORTIONS)


def distort(images: jnp.ndarray, distortion: str, strength: float, variant: int = 0) -> jnp.ndarray:
    """`images` (n, 784) under one of DISTORTION_NAMES at one strength, in its `variant`-th direction (VARIANTS)."""
    return images if strength == 0 else DISTORTIONS[distortion](images, strength, variant)
