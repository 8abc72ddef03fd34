import { describe, expect, it } from "vitest";
import { GIF_1x1, JPEG_4x3, makePng, pngChunk, WEBP_4x3 } from "./images-fixtures.server.ts";
import { MAX_IMAGE_BYTES, type SniffResult, sniffImage } from "./images-sniff.server.ts";

const PNG = makePng(5, 2);
const html = (text: string) => Buffer.from(text, "utf8");

/** A PNG of the given header size whose pixel data is one tiny (invalid but well-framed) IDAT. */
function pngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    PNG.subarray(0, 8),
    pngChunk("IHDR", header),
    pngChunk("IDAT", Buffer.from([0x78, 0x9c, 0x03, 0x00])),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// [what, bytes, expected]: the type comes from the bytes alone, whatever the file was called.
const TABLE: [string, Uint8Array, Partial<SniffResult>][] = [
  ["a PNG", PNG, { ok: true, contentType: "image/png", width: 5, height: 2, length: PNG.length }],
  [
    "a PNG renamed photo.jpg (the name and claimed type are never read)",
    PNG,
    { ok: true, contentType: "image/png" },
  ],
  ["a JPEG", JPEG_4x3, { ok: true, contentType: "image/jpeg", width: 4, height: 3, length: JPEG_4x3.length }],
  ["a GIF", GIF_1x1, { ok: true, contentType: "image/gif", width: 1, height: 1 }],
  ["a WebP", WEBP_4x3, { ok: true, contentType: "image/webp", width: 4, height: 3 }],
  [
    "a PNG with an HTML page appended (a polyglot): the page is cut off",
    Buffer.concat([PNG, html("<html><script>alert(document.cookie)</script></html>")]),
    { ok: true, contentType: "image/png", length: PNG.length },
  ],
  [
    "a JPEG with a ZIP appended (a polyglot): the archive is cut off",
    Buffer.concat([JPEG_4x3, Buffer.from("PK\x03\x04 hidden archive", "latin1")]),
    { ok: true, contentType: "image/jpeg", length: JPEG_4x3.length },
  ],
  [
    "a GIF header in front of a script (GIF89a/*…*/=alert(1);, a polyglot)",
    html("GIF89a/*\x00\x00*/=alert(document.domain);"),
    { ok: false, reason: "damaged" },
  ],
  [
    "a PNG signature in front of HTML",
    Buffer.concat([PNG.subarray(0, 8), html("<html></html>")]),
    { ok: false, reason: "damaged" },
  ],
  [
    "an SVG",
    html('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    { ok: false, reason: "type" },
  ],
  [
    "an SVG with an XML declaration",
    html('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    { ok: false, reason: "type" },
  ],
  ["HTML", html("<!doctype html><title>x</title>"), { ok: false, reason: "type" }],
  ["a PDF", html("%PDF-1.7\n%âãÏÓ"), { ok: false, reason: "type" }],
  [
    "a BMP",
    Buffer.from("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00", "latin1"),
    { ok: false, reason: "type" },
  ],
  ["an empty file", new Uint8Array(0), { ok: false, reason: "empty" }],
  ["a PNG cut short", PNG.subarray(0, PNG.length - 6), { ok: false, reason: "damaged" }],
  [
    "a PNG with a wrong checksum",
    Buffer.concat([PNG.subarray(0, 29), Buffer.from([PNG[29]! ^ 0xff]), PNG.subarray(30)]),
    { ok: false, reason: "damaged" },
  ],
  ["a JPEG cut short", JPEG_4x3.subarray(0, 400), { ok: false, reason: "damaged" }],
  ["a WebP whose RIFF size overruns the file", WEBP_4x3.subarray(0, 200), { ok: false, reason: "damaged" }],
  ["a PNG 16,385 pixels wide", pngHeader(16_385, 1), { ok: false, reason: "dimensions" }],
  ["a PNG of 60 megapixels", pngHeader(10_000, 6_000), { ok: false, reason: "dimensions" }],
  ["a PNG of 0 pixels", pngHeader(0, 10), { ok: false, reason: "damaged" }],
  ["a file over 10 MiB", new Uint8Array(MAX_IMAGE_BYTES + 1), { ok: false, reason: "too-large" }],
];

describe("sniffImage", () => {
  it.each(TABLE)("reads %s", (_what, bytes, expected) => {
    expect(sniffImage(bytes)).toMatchObject(expected);
  });

  it("takes a PNG of exactly 10 MiB (the limit is inclusive)", () => {
    // an ancillary chunk pads a real PNG to exactly the limit
    const padding = MAX_IMAGE_BYTES - PNG.length - 12;
    const exact = Buffer.concat([
      PNG.subarray(0, 33),
      pngChunk("tEXt", Buffer.alloc(padding, 0x61)),
      PNG.subarray(33),
    ]);
    expect(exact.length).toBe(MAX_IMAGE_BYTES);
    expect(sniffImage(exact)).toMatchObject({ ok: true, contentType: "image/png", length: MAX_IMAGE_BYTES });
  });
});
