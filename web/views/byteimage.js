// One byte per pixel, through a colour table: the painter every small image on both pages shares (the plane's
// hidden-unit map, the unit thumbnails, the digits' weights, filters, feature maps and drawings).
//
// API: paintBytes(canvas, bytes, width, height, table)
//   bytes: width×height values 0..255 in row order (a Uint8Array or any indexable);
//   table: 256×3 RGB bytes (Uint8ClampedArray), entry v at [3v, 3v+1, 3v+2] — palette.js divergingTable() or
//   digits/images.js SIGNED_TABLE / INK_TABLE / ACTIVATION_TABLE.
// The canvas is resized to width×height (one canvas pixel per byte); CSS scales it up (image-rendering: pixelated).

/** Paint `bytes` onto `canvas` through `table`, every pixel opaque. */
export function paintBytes(canvas, bytes, width, height, table) {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(width, height);
  const pixels = image.data;
  for (let i = 0; i < width * height; i++) {
    const v = bytes[i] * 3;
    pixels[i * 4] = table[v];
    pixels[i * 4 + 1] = table[v + 1];
    pixels[i * 4 + 2] = table[v + 2];
    pixels[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
