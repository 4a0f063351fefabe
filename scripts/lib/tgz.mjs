// A minimal reader for gzip-compressed tar archives (npm tarballs), so install scripts need
// no `tar` command and no dependency that might not be installed yet.
import { gunzipSync } from "node:zlib";

const BLOCK = 512;

function readString(block, start, length) {
  const slice = block.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end === -1 ? slice.length : end).toString("utf8");
}

function readSize(block) {
  const field = block.subarray(124, 136);
  // GNU base-256 encoding for sizes ≥ 8 GiB: high bit of the first byte set.
  if ((field[0] ?? 0) & 0x80) {
    let size = 0;
    for (let i = 1; i < field.length; i++) size = size * 256 + (field[i] ?? 0);
    return size;
  }
  const text = readString(block, 124, 12).trim();
  return text === "" ? 0 : parseInt(text, 8);
}

function paxPath(content) {
  // Records are "<len> key=value\n"; only `path` matters here.
  for (const record of content.toString("utf8").split("\n")) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/** Yields {name, type, content} for every entry of an uncompressed tar buffer. */
export function* readTarEntries(tar) {
  let offset = 0;
  let longName;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return;
    const size = readSize(header);
    const type = String.fromCharCode(header[156] || 0x30);
    const content = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      longName = paxPath(content) ?? longName;
      continue;
    }
    if (type === "L") {
      longName = readString(content, 0, content.length);
      continue;
    }
    if (type === "g") continue;
    const prefix = readString(header, 345, 155);
    const shortName = readString(header, 0, 100);
    const name = longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
    longName = undefined;
    yield { name, type, content };
  }
}

/** Returns the content of one regular file of a .tgz buffer, or undefined when absent. */
export function extractFileFromTgz(tgz, wantedName) {
  for (const entry of readTarEntries(gunzipSync(tgz))) {
    if ((entry.type === "0" || entry.type === "\0") && entry.name === wantedName)
      return entry.content;
  }
  return undefined;
}
