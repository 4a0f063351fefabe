// A few rows of one flat column chunk, decoding only what they need. A writer like DuckDB puts a
// whole row group's column (122,880 rows) in one page, and hyparquet decodes a page whole; the
// page shows 25–100 rows. So: pages before the rows are skipped by their headers, a dictionary
// page is decoded whole (any index may point anywhere in it), and a data page is decompressed
// (snappy-prefix.ts) and decoded only as far as its last row shown. The bytes given may be the
// chunk's start only (a guess of what the rows need): running out throws NeedMoreBytes and the
// caller reads the whole chunk. Values go through hyparquet's own conversion (`convert`), so they
// are what hyparquet would give; encodings and codecs not handled here return undefined (the
// caller asks hyparquet for that column).
import { parquetHeader } from "hyparquet/src/column.js";
import { convert } from "hyparquet/src/convert.js";
import { readPlain } from "hyparquet/src/plain.js";
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from "hyparquet/src/schema.js";
import { NeedMoreBytes, plainPrefix, snappyPrefix, type PrefixBytes } from "./snappy-prefix.ts";

export type ColumnDecoder = Parameters<typeof convert>[1];
type Values = ReturnType<typeof convert>;
type Header = ReturnType<typeof parquetHeader>;

const FIXED_WIDTH: Partial<Record<ColumnDecoder["type"], number>> = {
  INT32: 4,
  INT64: 8,
  INT96: 12,
  FLOAT: 4,
  DOUBLE: 8,
};

/**
 * Rows [from, to) of a column chunk (row indexes within its row group) from the chunk's bytes
 * (from its first page on, possibly cut short); null for a null value. Undefined when the column
 * is nested or a page uses a codec or an encoding this does not decode.
 */
export function chunkRows(
  chunk: Uint8Array,
  decoder: ColumnDecoder,
  from: number,
  to: number,
): unknown[] | undefined {
  if (getMaxRepetitionLevel(decoder.schemaPath) > 0) return undefined;
  if (decoder.codec !== "SNAPPY" && decoder.codec !== "UNCOMPRESSED") return undefined;
  const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
  const reader = {
    view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    offset: 0,
  };
  const rows: unknown[] = [];
  let dictionary: Values | undefined;
  let pageStart = 0; // the row group's index of the current page's first row
  while (pageStart < to) {
    if (reader.offset >= chunk.length) throw new NeedMoreBytes("the column chunk");
    const header = pageHeader(reader);
    const start = reader.offset;
    reader.offset += header.compressed_page_size;
    const stored = chunk.subarray(start, start + header.compressed_page_size);
    if (header.type === "DICTIONARY_PAGE") {
      const count = header.dictionary_page_header?.num_values ?? 0;
      const page = pageBytes(stored, header.uncompressed_page_size, decoder.codec);
      page.ensure(header.uncompressed_page_size);
      const plain = { view: view(page.bytes), offset: 0 };
      dictionary = convert(
        readPlain(plain, decoder.type, count, decoder.element.type_length),
        decoder,
      );
      continue;
    }
    const data = dataPage(header, stored, decoder.codec);
    if (!data) return undefined;
    if (pageStart + data.count <= from) {
      pageStart += data.count; // before the rows: not even decompressed
      continue;
    }
    const need = Math.min(to, pageStart + data.count) - pageStart;
    const skip = Math.max(0, from - pageStart);
    const levels =
      maxDefinition > 0 ? data.definitionLevels(bitWidth(maxDefinition), need) : undefined;
    const defined = (row: number) => !levels || levels[row] === maxDefinition;
    let valuesBefore = 0;
    let valuesNeeded = 0;
    for (let row = 0; row < need; row += 1) {
      if (!defined(row)) continue;
      valuesNeeded += 1;
      if (row < skip) valuesBefore += 1;
    }
    const values = pageValues(data, valuesNeeded, decoder, dictionary);
    if (!values) return undefined;
    let next = valuesBefore;
    for (let row = skip; row < need; row += 1) rows.push(defined(row) ? values[next++] : null);
    pageStart += data.count;
  }
  return rows;
}

interface DataPage {
  encoding: string;
  /** Values in the page (nulls included); a flat column's rows. */
  count: number;
  /** The first `count` definition levels. */
  definitionLevels(width: number, count: number): number[];
  /** The values' bytes (after the levels), and where they start in them. */
  values: PrefixBytes;
  valuesStart: number;
}

function dataPage(header: Header, stored: Uint8Array, codec: string): DataPage | undefined {
  const size = header.uncompressed_page_size;
  const v1 = header.data_page_header;
  if (header.type === "DATA_PAGE" && v1) {
    if (v1.definition_level_encoding !== "RLE") return undefined;
    const page = pageBytes(stored, size, codec);
    // Levels first: a 4-byte length, then the RLE/bit-packed hybrid (a flat column has no
    // repetition levels).
    const levelsLength = (width: number) => (width > 0 ? 4 + uint32(page, 0) : 0);
    let valuesStart = 0;
    return {
      encoding: v1.encoding,
      count: v1.num_values,
      definitionLevels(width, count) {
        valuesStart = levelsLength(width);
        return hybrid(page, 4, valuesStart, width, count);
      },
      values: page,
      get valuesStart() {
        return valuesStart;
      },
    };
  }
  const v2 = header.data_page_header_v2;
  if (header.type === "DATA_PAGE_V2" && v2) {
    // Levels stored uncompressed before the values; the values compressed unless said otherwise.
    const repetitionBytes = v2.repetition_levels_byte_length;
    const levelBytes = repetitionBytes + v2.definition_levels_byte_length;
    const levels = plainPrefix(stored.subarray(0, levelBytes), levelBytes);
    const values = stored.subarray(levelBytes);
    return {
      encoding: v2.encoding,
      count: v2.num_values,
      definitionLevels: (width, count) => hybrid(levels, repetitionBytes, levelBytes, width, count),
      values: v2.is_compressed
        ? pageBytes(values, size - levelBytes, codec)
        : plainPrefix(values, size - levelBytes),
      valuesStart: 0,
    };
  }
  if (header.type === "INDEX_PAGE") return undefined;
  throw new Error(`unexpected Parquet page type ${header.type}`);
}

/** The first `count` values of a data page, converted; undefined for an encoding not decoded here. */
function pageValues(
  data: DataPage,
  count: number,
  decoder: ColumnDecoder,
  dictionary: Values | undefined,
): Values | unknown[] | undefined {
  if (count === 0) return [];
  const { values: page, valuesStart: start, encoding } = data;
  if (encoding === "PLAIN") {
    if (decoder.type === "BYTE_ARRAY") {
      const strings: Uint8Array[] = new Array<Uint8Array>(count);
      let at = start;
      for (let i = 0; i < count; i += 1) {
        const length = uint32(page, at);
        page.ensure(at + 4 + length);
        strings[i] = page.bytes.subarray(at + 4, at + 4 + length);
        at += 4 + length;
      }
      return convert(strings, decoder);
    }
    const width =
      decoder.type === "FIXED_LEN_BYTE_ARRAY"
        ? decoder.element.type_length
        : FIXED_WIDTH[decoder.type];
    page.ensure(start + (decoder.type === "BOOLEAN" ? Math.ceil(count / 8) : count * (width ?? 0)));
    const plain = { view: view(page.bytes), offset: start };
    return convert(readPlain(plain, decoder.type, count, decoder.element.type_length), decoder);
  }
  if (encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY") {
    if (!dictionary) throw new Error("a dictionary-encoded Parquet page without a dictionary");
    page.ensure(start + 1);
    const indexes = hybrid(page, start + 1, page.bytes.length, page.bytes[start]!, count);
    return indexes.map((index) => {
      if (index >= dictionary.length) throw new Error("a Parquet dictionary index out of range");
      return dictionary[index];
    });
  }
  if (encoding === "RLE" && decoder.type === "BOOLEAN") {
    // Booleans run-length encoded: a 4-byte length, then the hybrid with a bit width of 1.
    const end = start + 4 + uint32(page, start);
    return hybrid(page, start + 4, end, 1, count).map((bit) => bit === 1);
  }
  return undefined;
}

/** The first `count` values of an RLE/bit-packed hybrid run sequence in bytes [start, end). */
function hybrid(
  page: PrefixBytes,
  start: number,
  end: number,
  width: number,
  count: number,
): number[] {
  const out = new Array<number>(count);
  const { bytes } = page;
  let seen = 0;
  let at = start;
  const byte = () => {
    if (at >= end) throw new Error("a Parquet RLE/bit-packed run past its end");
    page.ensure(at + 1);
    return bytes[at++]!;
  };
  while (seen < count) {
    let header = 0;
    for (let shift = 0; ; shift += 7) {
      const b = byte();
      header += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    const run = Math.floor(header / 2);
    const take = Math.min(header % 2 === 1 ? run * 8 : run, count - seen);
    if (header % 2 === 1) {
      // Bit-packed: `run` groups of 8 values, `width` bits each, least significant bit first.
      page.ensure(at + Math.ceil((take * width) / 8));
      for (let i = 0; i < take; i += 1) {
        let value = 0;
        for (let bit = i * width, done = 0; done < width;) {
          const shift = bit & 7;
          const bits = Math.min(8 - shift, width - done);
          value += ((bytes[at + (bit >>> 3)]! >>> shift) & ((1 << bits) - 1)) * 2 ** done;
          bit += bits;
          done += bits;
        }
        out[seen + i] = value;
      }
      at += run * width;
    } else {
      // A run of one value, stored in the fewest whole bytes holding `width` bits.
      let value = 0;
      for (let i = 0; i < Math.ceil(width / 8); i += 1) value += byte() * 2 ** (8 * i);
      out.fill(value, seen, seen + take);
    }
    seen += take;
  }
  return out;
}

function pageHeader(reader: { view: DataView; offset: number }): Header {
  // A header cut short fails in several ways (out of range, no STOP, missing fields); the whole
  // chunk is read then, and a header that still fails is reported.
  let header: Header;
  try {
    header = parquetHeader(reader);
  } catch {
    throw new NeedMoreBytes("a page header");
  }
  if (reader.offset > reader.view.byteLength || !(header.compressed_page_size >= 0))
    throw new NeedMoreBytes("a page header");
  return header;
}

function pageBytes(stored: Uint8Array, size: number, codec: string): PrefixBytes {
  return codec === "SNAPPY" ? snappyPrefix(stored, size) : plainPrefix(stored, size);
}

function uint32(page: PrefixBytes, at: number): number {
  page.ensure(at + 4);
  const b = page.bytes;
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 2 ** 24;
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const bitWidth = (max: number) => 32 - Math.clz32(max);
