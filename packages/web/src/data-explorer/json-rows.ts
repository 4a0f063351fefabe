import { DataExplorerError } from "./errors.ts";

/** JSON lines → one JSON array; a top-level array as is; an object of columns as columns. */
export function toJsonRowArray(
  text: string,
  lines: boolean,
): { text: string; shape: "rows" | "columns" } {
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
