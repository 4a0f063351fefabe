// The first page of a Parquet file decoded in JavaScript (hyparquet) while DuckDB-WASM starts: the
// footer (one suffix range request, sent with the app's start: tail-prefetch.ts), then the start
// of each column chunk holding the requested rows, decoded only as far as those rows
// (chunk-rows.ts): DuckDB writes a row group's column (122,880 rows) as one page. Each column's
// Parquet type is mapped to the Arrow type DuckDB-WASM gives it, and values go through the
// engine's own cell conversion (adapters/duckdb-wasm/values.ts), so a page looks the same
// whichever of the two read it. A column whose rendering we have not checked against DuckDB
// (structs, maps, blobs, nanosecond or INT96 timestamps, times, UUIDs, intervals…) or a codec
// other than Snappy makes the reader decline: the engine shows the page. Imported on demand.
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import type {
  AsyncBuffer,
  ColumnMetaData,
  FileMetaData,
  SchemaElement,
  SchemaTree,
} from "hyparquet";
import { DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { getTreePath } from "hyparquet/src/schema.js";
import type { FirstPage, FirstPageReader, Row } from "../../ports/tabularEngine.ts";
import type { ParsedSource, S3RangeReader } from "../../usecases/data-explorer/source.ts";
import { timed } from "../../usecases/data-explorer/timing.ts";
import { arrowTypeName, cellKind, toCell } from "../duckdb-wasm/values.ts";
import { chunkRows, type ColumnDecoder } from "./chunk-rows.ts";
import { NeedMoreBytes } from "./snappy-prefix.ts";
import { TAIL_BYTES, tailRequest, takePrefetchedTail } from "./tail-prefetch.ts";

export function createParquetFirstPageReader(): FirstPageReader {
  return {
    async read(source, options) {
      const file =
        source.kind === "s3"
          ? await s3Buffer(source, options.s3Read, options.signal)
          : await httpBuffer(source.url, options.signal);
      if (!file) return undefined;
      return readPage(file, options.offset, options.limit);
    },
  };
}

/** Rows [offset, offset + limit) of a Parquet file, or undefined for a column type we decline. */
export async function readPage(
  file: AsyncBuffer,
  offset: number,
  limit: number,
): Promise<FirstPage | undefined> {
  const metadata = await timed("preview-footer", () =>
    parquetMetadataAsync(file, { initialFetchSize: TAIL_BYTES }),
  );
  const columns = parquetSchema(metadata).children.map(columnOf);
  if (columns.some((column) => column === undefined)) return undefined;
  // hyparquet decompresses Snappy only (ZSTD, GZIP… would need a decompressor shipped here).
  const codecs = metadata.row_groups.flatMap((group) =>
    group.columns.map((c) => c.meta_data?.codec),
  );
  if (codecs.some((codec) => codec !== "SNAPPY" && codec !== "UNCOMPRESSED")) return undefined;
  const known = columns as ColumnPlan[];
  const rowCount = Number(metadata.num_rows);
  const start = Math.min(Math.max(0, offset), rowCount);
  const end = Math.min(start + Math.max(0, limit), rowCount);
  const values =
    end > start
      ? await timed("preview-rows", () =>
          readRows(
            file,
            rawDecimals(metadata),
            start,
            end,
            known.map((column) => column.name),
          ),
        )
      : {};
  const rows: Row[] = [];
  for (let index = 0; index < end - start; index += 1) {
    const row: Row = {};
    for (const column of known) row[column.name] = column.cell(values[column.name]?.[index]);
    rows.push(row);
  }
  return {
    columns: known.map((column) => ({ name: column.name, type: arrowTypeName(column.arrowType) })),
    rows,
    rowCount,
  };
}

/** How values arrive from hyparquet (its conversion), for both ways of decoding below. */
const PARSERS = {
  ...DEFAULT_PARSERS,
  // Text is decoded for the rows shown only, by the cell.
  stringFromBytes: (bytes: Uint8Array) => bytes,
  // Epoch milliseconds as Arrow computes them from DuckDB's microseconds.
  timestampFromMicroseconds: (micros: bigint) => arrowMicrosToMs(micros),
  timestampFromMilliseconds: (millis: bigint) => arrowMicrosToMs(BigInt(millis) * 1000n),
  dateFromDays: (days: number) => days * 86_400_000,
} as unknown as ColumnDecoder["parsers"];

/** What a column chunk's first read asks for beyond the rows' share of its data. */
const CHUNK_SLACK_BYTES = 16 * 1024;
/** Ranges closer than this are read in one request. */
const MERGE_GAP_BYTES = 64 * 1024;

interface ChunkRead {
  name: string;
  decoder: ColumnDecoder;
  from: number;
  to: number;
  start: number;
  end: number;
  /** Where the first read stops: the rows' share of the chunk, with some slack. */
  guessEnd: number;
}

/**
 * Rows [start, end) of the named top-level columns, by name. Flat columns are decoded here, only
 * as far as the rows (chunk-rows.ts), from the start of each column chunk (its whole length only
 * when that start was not enough); the others (lists, encodings not decoded here) by hyparquet.
 */
async function readRows(
  file: AsyncBuffer,
  metadata: FileMetaData,
  start: number,
  end: number,
  names: string[],
): Promise<Record<string, unknown[]>> {
  const tree = parquetSchema(metadata);
  const wanted = new Set(names);
  const byHyparquet = new Set<string>();
  const reads: ChunkRead[] = [];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const from = Math.max(start, groupStart) - groupStart;
    const to = Math.min(end, groupStart + groupRows) - groupStart;
    groupStart += groupRows;
    if (to <= from) continue;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      const name = meta?.path_in_schema[0];
      if (!meta || name === undefined || !wanted.has(name)) continue;
      if (meta.path_in_schema.length > 1 || chunk.file_path) {
        byHyparquet.add(name);
        continue;
      }
      const decoder = chunkDecoder(tree, meta);
      const dataStart = Number(meta.data_page_offset);
      const [chunkStart, chunkEnd] = chunkRange(meta);
      const guess =
        dataStart -
        chunkStart +
        Math.ceil(((chunkEnd - dataStart) * to * 1.25) / groupRows) +
        CHUNK_SLACK_BYTES;
      const guessEnd = guess * 2 >= chunkEnd - chunkStart ? chunkEnd : chunkStart + guess;
      reads.push({
        name,
        decoder,
        from,
        to,
        start: chunkStart,
        end: chunkEnd,
        guessEnd,
      });
    }
  }
  const firstBytes = await readRanges(
    file,
    reads.map((read) => [read.start, read.guessEnd]),
  );
  const decoded = await Promise.all(
    reads.map(async (read, index) => {
      try {
        return chunkRows(firstBytes[index]!, read.decoder, read.from, read.to);
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || read.guessEnd === read.end) throw error;
      }
      const [whole] = await readRanges(file, [[read.start, read.end]]);
      return chunkRows(whole!, read.decoder, read.from, read.to);
    }),
  );
  decoded.forEach((values, index) => {
    if (!values) byHyparquet.add(reads[index]!.name);
  });
  const columns: Record<string, unknown[]> = {};
  reads.forEach((read, index) => {
    if (byHyparquet.has(read.name)) return;
    (columns[read.name] ??= []).push(...decoded[index]!);
  });
  if (byHyparquet.size > 0) {
    const objects = await parquetReadObjects({
      file,
      metadata,
      columns: [...byHyparquet],
      rowStart: start,
      rowEnd: end,
      utf8: false,
      // Only the pages holding the rows, when the file has an offset index (DuckDB writes none).
      useOffsetIndex: true,
      parsers: PARSERS,
    });
    for (const name of byHyparquet) columns[name] = objects.map((object) => object[name]);
  }
  return columns;
}

/** How hyparquet's conversion sees a flat column chunk: its type, schema, codec, our parsers. */
export function chunkDecoder(tree: SchemaTree, meta: ColumnMetaData): ColumnDecoder {
  const schemaPath = getTreePath(tree, meta.path_in_schema);
  return {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element: schemaPath[schemaPath.length - 1]!.element,
    schemaPath,
    codec: meta.codec,
    parsers: PARSERS,
    utf8: false,
  };
}

/** A column chunk's bytes [start, end) in the file: from its dictionary page, if any, on. */
export function chunkRange(meta: ColumnMetaData): [number, number] {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  return [start, start + Number(meta.total_compressed_size)];
}

/** Byte ranges [start, end) of the file, ranges close to each other read together. */
async function readRanges(file: AsyncBuffer, ranges: [number, number][]): Promise<Uint8Array[]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start - last[1] <= MERGE_GAP_BYTES) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const buffers = await Promise.all(merged.map(([start, end]) => file.slice(start, end)));
  return ranges.map(([start, end]) => {
    const at = merged.findIndex(
      ([mergedStart, mergedEnd]) => start >= mergedStart && end <= mergedEnd,
    );
    return new Uint8Array(buffers[at]!, start - merged[at]![0], end - start);
  });
}

interface ColumnPlan {
  name: string;
  /** The Arrow type DuckDB-WASM gives this Parquet column, as `String(field.type)` prints it. */
  arrowType: string;
  cell(value: unknown): ReturnType<typeof toCell>;
}

function columnOf(tree: SchemaTree): ColumnPlan | undefined {
  const { element } = tree;
  if (tree.children.length === 0) {
    if (element.repetition_type === "REPEATED") return undefined;
    const arrowType = primitiveArrowType(element);
    if (!arrowType) return undefined;
    const kind = cellKind(arrowType);
    const decimal = typeof kind === "object";
    return {
      name: element.name,
      arrowType,
      cell: (value) => toCell(decimal ? unscaled(value) : text(value), kind),
    };
  }
  // A list (the three-level LIST layout DuckDB and most writers use) of plain values.
  const repeated = tree.children[0];
  const item = repeated?.children[0];
  const isList =
    (element.converted_type === "LIST" || element.logical_type?.type === "LIST") &&
    tree.children.length === 1 &&
    repeated?.element.repetition_type === "REPEATED" &&
    repeated.children.length === 1 &&
    item?.children.length === 0;
  if (!isList || !item) return undefined;
  const itemType = primitiveArrowType(item.element);
  if (!itemType || !LIST_ITEMS.has(itemType)) return undefined;
  return {
    name: element.name,
    arrowType: `List<${itemType}>`,
    cell: (value) => toCell(Array.isArray(value) ? value.map(text) : value),
  };
}

/** List items shown the same way from Arrow vectors and from plain arrays (no dates, decimals…). */
const LIST_ITEMS = new Set([
  "Bool",
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "Float32",
  "Float64",
  "Utf8",
]);

function primitiveArrowType(element: SchemaElement): string | undefined {
  const logical = element.logical_type;
  const converted = element.converted_type;
  if (converted === "DECIMAL" || logical?.type === "DECIMAL") {
    if (element.type === "BYTE_ARRAY") return undefined;
    const precision = logical?.type === "DECIMAL" ? logical.precision : element.precision;
    const scale = (logical?.type === "DECIMAL" ? logical.scale : element.scale) ?? 0;
    if (precision === undefined) return undefined;
    return `Decimal[${precision}e${scale > 0 ? "+" : ""}${scale}]`;
  }
  switch (element.type) {
    case "BOOLEAN":
      return converted || logical ? undefined : "Bool";
    case "INT32":
      if (converted === "DATE" || logical?.type === "DATE") return "Date32<DAY>";
      if (logical?.type === "INTEGER")
        return `${logical.isSigned ? "Int" : "Uint"}${logical.bitWidth}`;
      return (
        {
          none: "Int32",
          INT_8: "Int8",
          INT_16: "Int16",
          INT_32: "Int32",
          UINT_8: "Uint8",
          UINT_16: "Uint16",
          UINT_32: "Uint32",
        } as Record<string, string>
      )[logical ? "" : (converted ?? "none")];
    case "INT64":
      if (logical?.type === "TIMESTAMP")
        return logical.unit === "NANOS"
          ? undefined
          : `Timestamp<MICROSECOND${logical.isAdjustedToUTC ? ", UTC" : ""}>`;
      if (converted === "TIMESTAMP_MICROS" || converted === "TIMESTAMP_MILLIS")
        return "Timestamp<MICROSECOND>";
      if (logical?.type === "INTEGER")
        return `${logical.isSigned ? "Int" : "Uint"}${logical.bitWidth}`;
      return ({ none: "Int64", INT_64: "Int64", UINT_64: "Uint64" } as Record<string, string>)[
        logical ? "" : (converted ?? "none")
      ];
    case "FLOAT":
      return logical ? undefined : "Float32";
    case "DOUBLE":
      return logical ? undefined : "Float64";
    case "BYTE_ARRAY":
      return converted === "UTF8" || logical?.type === "STRING" ? "Utf8" : undefined;
    default:
      return undefined;
  }
}

/**
 * The metadata with decimal annotations removed, so hyparquet hands over the unscaled integers
 * (it would turn them into inexact doubles) and the cell shows them with the column's scale.
 */
export function rawDecimals(metadata: FileMetaData): FileMetaData {
  return {
    ...metadata,
    schema: metadata.schema.map((element) => {
      if (element.converted_type !== "DECIMAL" && element.logical_type?.type !== "DECIMAL")
        return element;
      const { converted_type: _converted, logical_type: _logical, ...plain } = element;
      return plain;
    }),
  };
}

const utf8 = new TextDecoder();

/** Text values arrive as their bytes (see `stringFromBytes`); only text columns have bytes. */
function text(value: unknown): unknown {
  return value instanceof Uint8Array ? utf8.decode(value) : value;
}

/** An unscaled decimal: an INT32/INT64 value, or big-endian two's-complement bytes. */
function unscaled(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  if (value.length === 0) return 0n;
  let result = 0n;
  for (const byte of value) result = (result << 8n) | BigInt(byte);
  return BigInt.asIntN(value.length * 8, result);
}

/** Apache Arrow's epoch milliseconds for a microsecond timestamp (its float arithmetic, exactly). */
export function arrowMicrosToMs(micros: bigint): number {
  const high = Number(BigInt.asIntN(32, micros >> 32n));
  const low = Number(BigInt.asUintN(32, micros));
  return 4294967296 * (high / 1000) + low / 1000;
}

/** The file over HTTP: the suffix first (size and footer at once), then the ranges asked for. */
async function httpBuffer(url: string, signal?: AbortSignal): Promise<AsyncBuffer | undefined> {
  const tail =
    (await takePrefetchedTail(url)) ??
    (await fetch(url, { ...tailRequest, ...(signal ? { signal } : {}) }));
  const total = /\/(\d+)\s*$/.exec(tail.headers.get("content-range") ?? "");
  if (tail.status !== 206 || !total) {
    // No range support (the whole file would come): leave it to the engine.
    await tail.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const size = Number(total[1]);
  const tailBytes = await tail.arrayBuffer();
  return cachedTail(size, tailBytes, async (start, end) => {
    const response = await fetch(url, {
      headers: { Range: `bytes=${start}-${end - 1}` },
      cache: "no-store",
      ...(signal ? { signal } : {}),
    });
    if (response.status !== 206) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`range request answered HTTP ${response.status}`);
    }
    return response.arrayBuffer();
  });
}

/**
 * The object through the S3 feature: its tail first with a suffix range (the size comes with it:
 * the read does not wait for the open's HEAD, whose errors, missing or refused, the engine shows),
 * then the ranges asked for.
 */
async function s3Buffer(
  source: Extract<ParsedSource, { kind: "s3" }>,
  read: S3RangeReader | undefined,
  signal?: AbortSignal,
): Promise<AsyncBuffer | undefined> {
  if (!read) return undefined;
  const target = { bucket: source.bucket, key: source.key };
  const tail = await read(target, { suffix: TAIL_BYTES }, signal);
  const size = tail.objectSize;
  if (size === undefined || size === 0) return undefined;
  const range = async (start: number, end: number): Promise<ArrayBuffer> => {
    const { bytes } = await read(target, { start, end: end - 1 }, signal);
    return arrayBufferOf(bytes);
  };
  return cachedTail(size, arrayBufferOf(tail.bytes), range);
}

const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** An AsyncBuffer answering from the file's tail when it can, else with a range read. */
function cachedTail(
  size: number,
  tail: ArrayBuffer,
  range: (start: number, end: number) => Promise<ArrayBuffer>,
): AsyncBuffer {
  const tailStart = size - tail.byteLength;
  return {
    byteLength: size,
    slice(start, end = size) {
      if (start >= tailStart) return tail.slice(start - tailStart, end - tailStart);
      return range(start, end);
    },
  };
}
