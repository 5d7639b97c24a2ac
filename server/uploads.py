"""An uploaded picture of a digit (PNG or JPEG) decoded with Pillow, what is too large refused before decoding.

Pillow reads a picture's header when it opens it and its pixels only when asked: the size is checked in between, so a
small file that would decode to an enormous picture (a "decompression bomb") is refused without decoding it. The
pixels come back as numpy in the layout models/preprocess.py reads: (h, w) gray, (h, w, 2) gray and alpha, (h, w, 3)
RGB or (h, w, 4) RGBA; 16-bit gray as floats in [0, 1].
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, UnidentifiedImageError

FORMATS = ("PNG", "JPEG")
READ_AS_IS = ("L", "LA", "RGB", "RGBA")


class PictureTooLarge(Exception):
    """More pixels than allowed; the message says how many and the limit."""


class PictureUnreadable(ValueError):
    """Not a PNG or JPEG, or a damaged one; the message says which."""


def decode_picture(data: bytes, max_pixels: int) -> np.ndarray:
    try:
        picture = Image.open(io.BytesIO(data), formats=FORMATS)  # reads the header only
    except Image.DecompressionBombError as exc:
        raise PictureTooLarge(f"the picture is too large to read: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise PictureUnreadable("the body is not a PNG or JPEG picture") from exc
    except Exception as exc:  # a damaged file can make a decoder raise nearly anything (struct, zlib, index errors)
        raise PictureUnreadable(f"the picture could not be decoded: {exc}") from exc
    with picture:
        width, height = picture.size
        if width * height > max_pixels:
            raise PictureTooLarge(
                f"the picture is {width}×{height} = {width * height:,} pixels; at most {max_pixels:,} are read: "
                "scale it down first"
            )
        try:
            if picture.mode.startswith("I"):  # 16- or 32-bit gray
                return np.clip(np.asarray(picture, np.float64) / 65535.0, 0.0, 1.0)
            if picture.mode not in READ_AS_IS:
                picture = picture.convert("RGBA")  # palette, bilevel, CMYK: transparency kept
            return np.asarray(picture)
        except Exception as exc:  # as above: truncated data, a corrupt stream
            raise PictureUnreadable(f"the picture could not be decoded: {exc}") from exc
