// Helm prints times with Go's time.Time String(): "2006-01-02 15:04:05.999999999 -0700 MST".
// Onyxia's `updated` is that text and `startedAt` its epoch milliseconds.

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** RFC 3339 (with up to nanoseconds) to Go's String() in UTC; undefined when unparsable. */
export function helmTimeText(rfc3339: string | undefined): string | undefined {
  if (!rfc3339) return undefined;
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(
      rfc3339,
    );
  const ms = Date.parse(rfc3339);
  if (!match || Number.isNaN(ms)) return undefined;
  const nanos = (match[7] ?? "").padEnd(9, "0").slice(0, 9);
  const date = new Date(ms);
  const fraction = nanos.replace(/0+$/, "");
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    `${fraction ? `.${fraction}` : ""} +0000 UTC`
  );
}

export function epochMs(rfc3339: string | undefined): number {
  const ms = rfc3339 ? Date.parse(rfc3339) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}
