"""POST /api/digits/preprocess: PNG and JPEG pictures made by the test come back MNIST-like with every stage; what is
too large is refused before decoding, what is not a picture (or has no ink) answers 422 naming the body."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFile

from models.vocabulary import BOUNDS
from server.routes import uploads

URL = "/api/digits/preprocess"


def encoded(picture: Image.Image, kind: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, kind, **options)
    return out.getvalue()


def seven(size=(240, 160), mode="RGB", ink="black", paper="white") -> Image.Image:
    """A thick 7 drawn off-centre (to the right) on a non-square picture."""
    picture = Image.new(mode, size, paper)
    draw = ImageDraw.Draw(picture)
    draw.line([(130, 30), (210, 30), (160, 140)], fill=ink, width=12)
    return picture


def assert_mnist_like(body) -> None:
    image = np.array(body["image"]).reshape(28, 28)
    assert len(body["image"]) == 784 and image.min() >= 0 and image.max() <= 1
    rows, columns = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    assert rows[-1] - rows[0] < 20 and columns[-1] - columns[0] < 20
    x, y = body["centre_of_mass"]
    assert abs(x - 14) <= 0.5 and abs(y - 14) <= 0.5
    assert [stage["name"] for stage in body["stages"]] == ["grayscale", "ink", "cropped", "fitted", "centred"]
    for stage in body["stages"]:
        assert len(stage["pixels"]) == stage["width"] * stage["height"] and max(stage["width"], stage["height"]) <= 64


def test_a_png_of_dark_ink_on_white_is_inverted_cropped_and_centred(client):
    response = client.post(URL, content=encoded(seven()), headers={"content-type": "image/png"})
    body = response.json()
    assert response.status_code == 200, body
    assert body["inverted"] and (body["width"], body["height"]) == (240, 160)
    box = body["ink_box"]
    assert 115 <= box["x"] <= 130 and box["x"] + box["width"] <= 222 and box["height"] > box["width"]
    fitted = body["stages"][3]
    assert fitted["height"] == 20 and fitted["width"] < 20  # the longer side is 20, the aspect kept
    assert body["stages"][0]["width"] == 64 and body["stages"][0]["height"] == 43  # sent as a thumbnail
    assert body["stages"][4]["width"] == body["stages"][4]["height"] == 28
    assert_mnist_like(body)


def palette_seven() -> Image.Image:
    picture = seven(mode="P", ink=1, paper=0)
    picture.putpalette([255, 255, 255, 0, 0, 0])  # index 0 white paper, 1 black ink
    return picture


def tiny() -> Image.Image:
    picture = Image.new("L", (6, 5), 255)
    picture.putpixel((4, 1), 0)
    return picture


@pytest.mark.parametrize(
    "picture,kind,inverted",
    [
        (seven(mode="L", ink=255, paper=0), "PNG", False),  # light ink on black, like MNIST: kept
        (seven(mode="RGBA", ink=(0, 0, 0, 255), paper=(0, 0, 0, 0)), "PNG", True),  # transparent paper is white
        (palette_seven(), "PNG", True),
        (seven(), "JPEG", True),
        (tiny(), "PNG", True),
    ],
    ids=["dark-background", "transparent", "palette", "jpeg", "tiny"],
)
def test_other_pictures_are_read_too(client, picture, kind, inverted):
    response = client.post(URL, content=encoded(picture, kind), headers={"content-type": f"image/{kind.lower()}"})
    assert response.status_code == 200, response.text
    assert response.json()["inverted"] == inverted
    assert_mnist_like(response.json())


def test_a_16_bit_grey_png_is_scaled_from_its_own_range(client):
    ink = np.zeros((40, 30), np.uint16)
    ink[8:32, 12:18] = 65535
    response = client.post(URL, content=encoded(Image.fromarray(ink)))
    assert response.status_code == 200, response.text
    assert not response.json()["inverted"] and max(response.json()["image"]) == 1.0


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"definitely not a picture", "not a PNG or JPEG"),
        (encoded(seven(), "GIF"), "not a PNG or JPEG"),
        (encoded(seven())[:200], "could not be decoded"),
        (encoded(Image.new("RGB", (50, 50), "white")), "no ink"),
    ],
    ids=["empty", "garbage", "gif", "truncated", "blank"],
)
def test_what_is_not_a_usable_picture_answers_422_naming_the_body(client, content, message):
    response = client.post(URL, content=content, headers={"content-type": "image/png"})
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body"] and message in error["msg"]


def test_a_huge_upload_is_refused_before_decoding(client, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("decoded a picture over the limit")

    monkeypatch.setattr(uploads, "decode_picture", never)
    limit = int(BOUNDS["upload_bytes"].high)
    response = client.post(URL, content=b"\x89PNG" + bytes(limit), headers={"content-type": "image/png"})
    assert response.status_code == 413 and f"{limit:,} bytes" in response.json()["detail"]
    beyond_the_server = client.post(URL, content=bytes(3_000_000))
    assert beyond_the_server.status_code == 413  # the whole server's body limit answers first


def test_a_small_file_of_too_many_pixels_is_refused_before_its_pixels_are_decoded(client, monkeypatch):
    side = 2100  # 4.4 million pixels, over the limit, in a few kilobytes of PNG
    data = encoded(Image.new("1", (side, side), 1), optimize=True)
    assert len(data) < BOUNDS["upload_bytes"].high

    def never(self, *args, **kwargs):
        raise AssertionError("decoded the pixels of a picture over the limit")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)
    response = client.post(URL, content=data, headers={"content-type": "image/png"})
    assert response.status_code == 413 and f"{side}×{side}" in response.json()["detail"]


def test_the_documented_limits_are_the_vocabularys(client):
    operation = client.get("/openapi.json").json()["paths"][URL]["post"]
    described = operation["requestBody"]["description"]
    assert f"{int(BOUNDS['upload_bytes'].high):,} bytes" in described
    assert f"{int(BOUNDS['upload_pixels'].high):,} pixels" in described
    assert set(operation["requestBody"]["content"]) == {"image/png", "image/jpeg"}
    assert {"200", "413", "422"} <= set(operation["responses"])
