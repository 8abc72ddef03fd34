import { crc32 } from "node:zlib";

// What an uploaded image is, read from its bytes: never from the file name or the type the
// browser claims. Only PNG, JPEG, GIF and WebP are taken; SVG (a document that runs scripts)
// and everything else are refused. Each format is walked far enough to know where the image
// ends and how large it is: bytes after its end (an HTML page or an archive appended to make a
// "polyglot") are cut off, so what is stored and served is the image alone. Pure.

export type ImageType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

/** The largest image file taken. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** The longest side, in pixels. */
export const MAX_IMAGE_SIDE = 16_384;
/** The most pixels: exports decode PNG, GIF and WebP pictures whole. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export type SniffResult =
  | {
      ok: true;
      contentType: ImageType;
      width: number;
      height: number /** the image's own bytes */;
      length: number;
    }
  | { ok: false; reason: "empty" | "too-large" | "type" | "damaged" | "dimensions" };

/** Reads what image `bytes` hold; refuses anything that is not a whole PNG, JPEG, GIF or WebP. */
export function sniffImage(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, reason: "too-large" };
  let found: Found | null;
  if (startsWith(bytes, PNG_SIGNATURE)) found = readPng(bytes);
  else if (startsWith(bytes, [0xff, 0xd8, 0xff])) found = readJpeg(bytes);
  else if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) found = readGif(bytes);
  else if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes.subarray(8), ascii("WEBP")))
    found = readWebp(bytes);
  else return { ok: false, reason: "type" };
  if (!found) return { ok: false, reason: "damaged" };
  const { width, height } = found;
  if (width < 1 || height < 1) return { ok: false, reason: "damaged" };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return { ok: false, reason: "dimensions" };
  }
  return { ok: true, ...found };
}

interface Found {
  contentType: ImageType;
  width: number;
  height: number;
  length: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Valid bit depths of each PNG colour type.
const PNG_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Signature, IHDR first, chunks with their CRCs, at least one IDAT, then IEND. */
function readPng(bytes: Uint8Array): Found | null {
  const view = dataView(bytes);
  let offset = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  for (let index = 0; ; index++) {
    if (offset + 12 > bytes.length) return null;
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return null;
    const stored = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) return null;
    if (index === 0) {
      if (type !== "IHDR" || length !== 13) return null;
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const depth = bytes[offset + 16]!;
      const colour = bytes[offset + 17]!;
      if (!PNG_DEPTHS[colour]?.includes(depth)) return null;
      if (bytes[offset + 18] !== 0 || bytes[offset + 19] !== 0 || bytes[offset + 20]! > 1) return null;
    } else if (type === "IHDR") {
      return null;
    }
    if (type === "IDAT") sawData = true;
    offset = end;
    if (type === "IEND") return sawData ? { contentType: "image/png", width, height, length: end } : null;
  }
}

// Markers that stand alone (no length): TEM and the restart markers.
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);
// Start-of-frame markers (not DHT C4, JPG C8 or DAC CC), which carry the picture's size.
const START_OF_FRAME = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);

/**
 * Segments by their lengths up to each start of scan, the entropy-coded data after it up to
 * the next marker, and so on to the end of image. Data after EOI (a phone's motion photo, or an
 * appended payload) is cut off.
 */
function readJpeg(bytes: Uint8Array): Found | null {
  const view = dataView(bytes);
  let offset = 2;
  let width = 0;
  let height = 0;
  let scans = 0;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    while (bytes[offset] === 0xff) offset++; // fill bytes
    const marker = bytes[offset++];
    if (marker === undefined) return null;
    if (marker === 0xd9) {
      return scans > 0 && width > 0 ? { contentType: "image/jpeg", width, height, length: offset } : null;
    }
    if (STANDALONE.has(marker)) continue;
    if (marker === 0xd8 || offset + 2 > bytes.length) return null;
    const length = view.getUint16(offset);
    if (length < 2 || offset + length > bytes.length) return null;
    if (START_OF_FRAME.has(marker)) {
      if (length < 8) return null;
      height = view.getUint16(offset + 3);
      width = view.getUint16(offset + 5);
    }
    offset += length;
    if (marker === 0xda) {
      if (width === 0) return null; // a scan before any frame header
      scans++;
      // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed byte) or a restart marker inside it.
      while (offset < bytes.length) {
        if (bytes[offset] === 0xff) {
          const next = bytes[offset + 1];
          if (next === undefined) return null;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) offset += 2;
          else if (next === 0xff) offset += 1;
          else break;
        } else {
          offset++;
        }
      }
    }
  }
  return null;
}

/** Header, logical screen, colour tables, then image and extension blocks up to the trailer. */
function readGif(bytes: Uint8Array): Found | null {
  const view = dataView(bytes);
  if (bytes.length < 14) return null;
  const width = view.getUint16(6, true);
  const height = view.getUint16(8, true);
  const packed = bytes[10]!;
  let offset = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  let images = 0;
  const skipSubBlocks = (): boolean => {
    for (;;) {
      const size = bytes[offset];
      if (size === undefined) return false;
      offset += 1 + size;
      if (size === 0) return offset <= bytes.length;
    }
  };
  for (;;) {
    const introducer = bytes[offset++];
    if (introducer === 0x3b) {
      return images > 0 ? { contentType: "image/gif", width, height, length: offset } : null;
    }
    if (introducer === 0x21) {
      offset++; // the extension's label
      if (!skipSubBlocks()) return null;
    } else if (introducer === 0x2c) {
      if (offset + 10 > bytes.length) return null;
      const local = bytes[offset + 8]!;
      offset += 9 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      const codeSize = bytes[offset++];
      if (codeSize === undefined || codeSize < 1 || codeSize > 12) return null;
      if (!skipSubBlocks()) return null;
      images++;
    } else {
      return null;
    }
  }
}

/** RIFF container with the WebP form; the size from its first chunk (VP8, VP8L or VP8X). */
function readWebp(bytes: Uint8Array): Found | null {
  const view = dataView(bytes);
  if (bytes.length < 30) return null;
  const length = view.getUint32(4, true) + 8;
  if (length > bytes.length || length < 30) return null;
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  const size = view.getUint32(16, true);
  if (20 + size > length) return null;
  const data = 20;
  let width: number;
  let height: number;
  if (chunk === "VP8 ") {
    if (size < 10 || !startsWith(bytes.subarray(data + 3), [0x9d, 0x01, 0x2a])) return null;
    width = view.getUint16(data + 6, true) & 0x3fff;
    height = view.getUint16(data + 8, true) & 0x3fff;
  } else if (chunk === "VP8L") {
    if (size < 5 || bytes[data] !== 0x2f) return null;
    const bits = view.getUint32(data + 1, true);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (chunk === "VP8X") {
    if (size < 10) return null;
    width = u24(bytes, data + 4) + 1;
    height = u24(bytes, data + 7) + 1;
  } else {
    return null;
  }
  return { contentType: "image/webp", width, height, length };
}

function u24(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16);
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}
