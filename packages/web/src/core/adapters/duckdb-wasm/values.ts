// Converts Arrow values (what DuckDB-WASM returns) into cells a table can show and a test can compare.

import type { CellValue } from "../../ports/tabularEngine.ts";

const MAX_BYTES_SHOWN = 32;

/** `kind`: the Arrow type family of the column (timestamp/date values come as epoch milliseconds). */
export function toCell(value: unknown, kind: "timestamp" | "date" | "other" = "other"): CellValue {
  if (value === null || value === undefined) return null;
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
