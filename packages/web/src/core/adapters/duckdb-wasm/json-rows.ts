// JSON and JSON lines → the text DuckDB-WASM's own JSON reader takes (the json extension is not
// in this build), and the column order of the file (the reader sorts columns by name).
import { DataExplorerError } from "../../usecases/data-explorer/errors.ts";

export interface JsonRows {
  text: string;
  shape: "rows" | "columns";
  /** Column names in the file's order: the first record's keys (or the column object's). */
  keys: string[];
}

export function toJsonRowArray(text: string, lines: boolean): JsonRows {
  const result = toJsonText(text, lines);
  return { ...result, keys: firstKeys(result.text, result.shape) };
}

function toJsonText(text: string, lines: boolean): Omit<JsonRows, "keys"> {
  const trimmed = text.trim();
  if (!lines && trimmed.startsWith("[")) return { text: trimmed, shape: "rows" };
  if (!lines && trimmed.startsWith("{")) {
    // One object: columns of arrays, or a single record.
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === "object" && Object.values(parsed).every(Array.isArray))
        return { text: trimmed, shape: "columns" };
      return { text: `[${trimmed}]`, shape: "rows" };
    } catch {
      // Several objects, one per line.
    }
  }
  const records: string[] = [];
  const all = trimmed.split(/\r?\n/);
  for (let index = 0; index < all.length; index += 1) {
    const line = all[index]!.trim();
    if (line === "") continue;
    if (!line.startsWith("{") || !line.endsWith("}"))
      throw new DataExplorerError(
        "json-malformed",
        `JSON lines: line ${index + 1} is not a JSON object.`,
      );
    records.push(line);
  }
  return { text: `[${records.join(",")}]`, shape: "rows" };
}

function firstKeys(text: string, shape: "rows" | "columns"): string[] {
  const head = text.slice(0, 64 * 1024);
  const start = shape === "rows" ? head.indexOf("{") : 0;
  if (start < 0) return [];
  // The first object ends where the brace depth, outside strings, comes back to zero.
  let depth = 0;
  let quoted = false;
  for (let i = start; i < head.length; i += 1) {
    const char = head[i];
    if (quoted) {
      if (char === "\\") i += 1;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      depth -= 1;
      if (depth === 0) {
        try {
          return Object.keys(JSON.parse(head.slice(start, i + 1)) as object);
        } catch {
          return [];
        }
      }
    }
  }
  return [];
}
