"""What POST /api/digits/preprocess answers: an uploaded picture made MNIST-like, stage by stage
(models/preprocess.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

PreprocessStageName = Literal["grayscale", "ink", "cropped", "fitted", "centred"]


class PreprocessStage(BaseModel):
    name: PreprocessStageName = Field(
        description="grayscale: the picture's luma; ink: light-on-dark, the background at 0 and the strongest ink at "
        "1; cropped: the ink's bounding box; fitted: that box scaled so its longer side is 20 pixels; centred: the "
        "28×28 result, its centre of mass at the centre."
    )
    width: int = Field(
        description="Pixels across as sent: grayscale, ink and cropped are area-averaged down to at "
        "most 64 on their longer side (the full-size stages can be megapixels)."
    )
    height: int
    pixels: list[float] = Field(description="width × height values in [0, 1], row-major, 3 decimals.")


class InkBox(BaseModel):
    x: int
    y: int
    width: int
    height: int


class PreprocessResponse(BaseModel):
    """The stages of models/preprocess.py for one picture, and the 784 values a digits run's /predict takes."""

    width: int = Field(description="The picture's width in pixels.")
    height: int
    inverted: bool = Field(description="Whether the background was light, so the picture was inverted.")
    background: float = Field(description="The ink level that became 0 (after any inversion).")
    ink_box: InkBox = Field(description="Where the ink is, in the picture's pixels.")
    offset: Annotated[list[int], Field(min_length=2, max_length=2)] = Field(
        description="[left, top] of the fitted digit in the 28×28 field."
    )
    centre_of_mass: Annotated[list[float], Field(min_length=2, max_length=2)] = Field(
        description="[x, y] of the result's centre of mass, pixel i's centre at i + 0.5: within half a pixel of "
        "(14, 14) unless the digit is too lopsided to move that far inside the field."
    )
    stages: list[PreprocessStage] = Field(description="grayscale, ink, cropped, fitted, centred, in that order.")
    image: Annotated[list[float], Field(min_length=784, max_length=784)] = Field(
        description="The result as 784 values in [0, 1], row-major 28×28, 3 decimals: POST it to a digits run's "
        "/predict as one of `images`."
    )
