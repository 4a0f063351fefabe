// Converts Arrow values (what DuckDB-WASM returns) into cells a table can show and a test can compare.
// The Parquet first-page reader (adapters/parquet-first-page) goes through the same functions, from
// the same Arrow type names, so a page looks the same whichever of the two read it.

import type { CellValue, TableColumn } from "../../ports/tabularEngine.ts";

const MAX_BYTES_SHOWN = 32;

/** How a column's values are shown: the Arrow type family (timestamps/dates come as epoch ms). */
export type CellKind = "timestamp" | "date" | "other" | { decimalScale: number };

/** The kind of a column from its Arrow type's name (`String(field.type)`). */
export function cellKind(arrowType: string): CellKind {
  if (arrowType.startsWith("Timestamp")) return "timestamp";
  if (arrowType.startsWith("Date")) return "date";
  const decimal = /^Decimal\[(\d+)e[+]?(-?\d+)\]$/.exec(arrowType);
  if (decimal) return { decimalScale: Number(decimal[2]) };
  return "other";
}

/** A decimal from its unscaled integer (digits, optional minus sign) and scale: "12.30", "-0.05". */
export function formatDecimal(unscaled: string, scale: number): string {
  if (scale <= 0) return unscaled;
  const negative = unscaled.startsWith("-");
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export function toCell(value: unknown, kind: CellKind = "other"): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof kind === "object") return formatDecimal(String(value), kind.decimalScale);
  if (typeof value === "bigint") {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  if (typeof value === "number") {
    if (kind === "timestamp" && Number.isFinite(value))
      return new Date(value)
        .toISOString()
        .replace("T", " ")
        .replace(/\.000Z$|Z$/, "");
    if (kind === "date" && Number.isFinite(value))
      return new Date(value).toISOString().slice(0, 10);
    return value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return toCell(value.getTime(), kind === "other" ? "timestamp" : kind);
  if (value instanceof Uint8Array) {
    const hex = [...value.subarray(0, MAX_BYTES_SHOWN)]
      .map((b) => `\\x${b.toString(16).padStart(2, "0").toUpperCase()}`)
      .join("");
    return value.length > MAX_BYTES_SHOWN ? `${hex}… (${value.length} bytes)` : hex;
  }
  const withJson = value as { toJSON?: () => unknown };
  const plain = typeof withJson.toJSON === "function" ? withJson.toJSON() : value;
  return JSON.stringify(plain, (_key, inner: unknown) =>
    typeof inner === "bigint" ? inner.toString() : inner,
  );
}

/** DuckDB-like names for Arrow types of query results. */
export function arrowTypeName(arrow: string): string {
  const list = /^List<(.*)>$/.exec(arrow);
  if (list) return `${arrowTypeName(list[1]!)}[]`;
  if (/^Int64/.test(arrow)) return "BIGINT";
  if (/^Int32/.test(arrow)) return "INTEGER";
  if (/^Int16/.test(arrow)) return "SMALLINT";
  if (/^Int8/.test(arrow)) return "TINYINT";
  if (/^Uint/.test(arrow)) return arrow.toUpperCase();
  if (/^Float64/.test(arrow)) return "DOUBLE";
  if (/^Float32/.test(arrow)) return "FLOAT";
  if (/^Utf8/.test(arrow)) return "VARCHAR";
  if (/^Bool/.test(arrow)) return "BOOLEAN";
  if (/^Timestamp/.test(arrow)) return "TIMESTAMP";
  if (/^Date/.test(arrow)) return "DATE";
  const decimal = /^Decimal\[(\d+)e[+]?(-?\d+)\]$/.exec(arrow);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  return arrow;
}

/** The columns of an Arrow result (DuckDB-like type names) and how each one's cells are shown. */
export function arrowColumns(fields: readonly { name: string; type: unknown }[]): {
  columns: TableColumn[];
  kinds: CellKind[];
} {
  return {
    columns: fields.map((field) => ({ name: field.name, type: arrowTypeName(String(field.type)) })),
    kinds: fields.map((field) => cellKind(String(field.type))),
  };
}
