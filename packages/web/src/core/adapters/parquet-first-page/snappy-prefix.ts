// Snappy decompression of a prefix only: a page's first rows are at the start of its uncompressed
// bytes, and Snappy's elements (literals, and copies of earlier output) decode in order, so the
// output can stop as soon as it holds the bytes asked for. Written from the format's description
// (github.com/google/snappy, format_description.txt). `ensure(n)` decodes until n bytes are out.

/** Thrown when the compressed bytes given end before the output asked for (a truncated fetch). */
export class NeedMoreBytes extends Error {
  constructor(what: string) {
    super(`the bytes read end inside ${what}`);
  }
}

/** The uncompressed bytes of a page, produced on demand up to `ensure(end)`. */
export interface PrefixBytes {
  /** The whole uncompressed size; only `[0, available)` holds decoded bytes. */
  readonly bytes: Uint8Array;
  /** Makes `[0, end)` available (end is clamped to the page's size). */
  ensure(end: number): void;
}

/** Bytes stored uncompressed: available as far as they were read. */
export function plainPrefix(bytes: Uint8Array, size: number): PrefixBytes {
  return {
    bytes,
    ensure(end) {
      if (Math.min(end, size) > bytes.length) throw new NeedMoreBytes("an uncompressed page");
    },
  };
}

export function snappyPrefix(input: Uint8Array, size: number): PrefixBytes {
  const output = new Uint8Array(size);
  let inPos = 0;
  let outPos = 0;
  const byte = (): number => {
    if (inPos >= input.length) throw new NeedMoreBytes("a Snappy stream");
    return input[inPos++]!;
  };
  // Preamble: the uncompressed length as a varint.
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    const b = byte();
    declared += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    if (shift > 28) throw new Error("invalid Snappy preamble");
  }
  if (declared !== size)
    throw new Error(`Snappy stream of ${declared} bytes where the page header says ${size}`);
  const littleEndian = (count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i += 1) value += byte() * 2 ** (8 * i);
    return value;
  };
  return {
    bytes: output,
    ensure(end) {
      const target = Math.min(end, size);
      while (outPos < target) {
        const tag = byte();
        const kind = tag & 3;
        if (kind === 0) {
          let length = tag >>> 2;
          if (length >= 60) length = littleEndian(length - 59);
          length += 1;
          if (outPos + length > size) throw new Error("Snappy literal past the page's end");
          // Incompressible data is one long literal (up to 64 KiB): the part read may be enough.
          const copied = Math.min(length, input.length - inPos);
          output.set(input.subarray(inPos, inPos + copied), outPos);
          inPos += copied;
          outPos += copied;
          if (copied < length && outPos < target) throw new NeedMoreBytes("a Snappy literal");
          continue;
        }
        let length: number;
        let offset: number;
        if (kind === 1) {
          length = ((tag >>> 2) & 7) + 4;
          offset = ((tag >>> 5) << 8) | byte();
        } else {
          length = (tag >>> 2) + 1;
          offset = littleEndian(kind === 2 ? 2 : 4);
        }
        if (offset === 0 || offset > outPos) throw new Error("invalid Snappy copy offset");
        if (outPos + length > size) throw new Error("Snappy copy past the page's end");
        // A copy may overlap its own output (a repeated pattern of `offset` bytes): copied in
        // whole periods, each step copying everything written so far of the pattern.
        const from = outPos - offset;
        for (let copied = 0; copied < length;) {
          const n = Math.min(length - copied, offset + copied);
          output.copyWithin(outPos + copied, from, from + n);
          copied += n;
        }
        outPos += length;
      }
    },
  };
}
