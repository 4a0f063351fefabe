// Kubernetes resource quantities ("500m", "2Gi", "1.5", "1e3") as plain numbers in base units
// (cores, bytes, counts), so requests can be summed and compared with a quota.

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

export class InvalidQuantityError extends Error {
  override readonly name = "InvalidQuantityError";
  constructor(readonly value: unknown) {
    super(
      `invalid Kubernetes quantity ${JSON.stringify(value)}: expected a number with an optional suffix such as 500m, 2Gi or 1.5`,
    );
  }
}

/** The quantity in base units; throws InvalidQuantityError for anything else. */
export function parseQuantity(value: string | number): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InvalidQuantityError(value);
    return value;
  }
  const match = QUANTITY.exec(value.trim());
  if (!match) throw new InvalidQuantityError(value);
  const number = Number(match[1]);
  if (match[2] !== undefined) return Number(`${match[1]}${match[2]}`);
  const suffix = match[3] ?? "";
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  if (factor === undefined) throw new InvalidQuantityError(value);
  // Round away binary float noise (0.1 * 3) at a precision far below a millicore or a byte.
  return Math.round(number * factor * 1e9) / 1e9;
}

/** Like parseQuantity but undefined for a missing or invalid value (hand-written manifests). */
export function tryParseQuantity(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}

/** CPU for humans: "250m", "2", "1.5". */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes for humans with the largest binary suffix that keeps it readable: "512Mi", "1.5Gi". */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of Object.entries(BINARY).reverse()) {
    if (Math.abs(bytes) >= factor) return `${Number((bytes / factor).toFixed(2))}${suffix}`;
  }
  return String(Math.round(bytes));
}
