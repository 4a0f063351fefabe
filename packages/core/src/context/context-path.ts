// Paths into the context as charts write them: `a.b[0]`, `a["dotted.key"]`, `a['k']`.
export type ContextPathSegment = string | number;

/** Parses a path; undefined when the syntax is invalid (the reference then cannot resolve). */
export function parseContextPath(path: string): ContextPathSegment[] | undefined {
  const segments: ContextPathSegment[] = [];
  let i = 0;
  const text = path.trim();
  if (text === "") return undefined;
  while (i < text.length) {
    const char = text[i];
    if (char === "[") {
      const quote = text[i + 1];
      if (quote === '"' || quote === "'") {
        const end = text.indexOf(`${quote}]`, i + 2);
        if (end === -1) return undefined;
        segments.push(text.slice(i + 2, end));
        i = end + 2;
      } else {
        const end = text.indexOf("]", i);
        const index = text.slice(i + 1, end);
        if (end === -1 || !/^\d+$/.test(index)) return undefined;
        segments.push(Number(index));
        i = end + 1;
      }
    } else {
      if (char === ".") {
        if (segments.length === 0) return undefined;
        i++;
        if (text[i] === "[") continue;
      }
      const match = /^[^.[\]]+/.exec(text.slice(i));
      if (match === null) return undefined;
      segments.push(match[0].trim());
      i += match[0].length;
    }
  }
  return segments;
}

/** Reads own properties only, so `constructor` or `__proto__` never resolve to internals. */
export function readAtContextPath(source: unknown, segments: ContextPathSegment[]): unknown {
  let current: unknown = source;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    let key: string | number = segment;
    if (Array.isArray(current)) {
      // JSON data: arrays are read by index only (not `length`).
      if (typeof segment === "string" && !/^\d+$/.test(segment)) return undefined;
      key = Number(segment);
    }
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
