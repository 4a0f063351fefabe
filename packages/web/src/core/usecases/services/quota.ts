// Quota gauges (§6.3): used / hard per resource, with Onyxia's warning and critical thresholds.
import { tryParseQuantity } from "@onyxia-ts/core";
import type { QuotaResponse } from "@onyxia-ts/core";

export const QUOTA_WARNING_THRESHOLD = 0.75;
export const QUOTA_CRITICAL_THRESHOLD = 0.95;

export type QuotaLevel = "ok" | "warning" | "critical";

export interface QuotaGauge {
  key: string;
  used: string;
  hard: string;
  /** used / hard, 0..∞ (over 1 when over quota). */
  ratio: number;
  level: QuotaLevel;
}

export function quotaLevel(
  ratio: number,
  warning = QUOTA_WARNING_THRESHOLD,
  critical = QUOTA_CRITICAL_THRESHOLD,
): QuotaLevel {
  if (ratio >= critical) return "critical";
  if (ratio >= warning) return "warning";
  return "ok";
}

/** One gauge per key present in both spec and usage with a positive limit. */
export function quotaGauges(
  quota: QuotaResponse | undefined,
  warning?: number,
  critical?: number,
): QuotaGauge[] {
  const gauges: QuotaGauge[] = [];
  const usage: Record<string, string | number | undefined> = quota?.usage ?? {};
  for (const [key, hardRaw] of Object.entries(quota?.spec ?? {})) {
    const usedRaw = usage[key] ?? 0;
    const hard = tryParseQuantity(hardRaw);
    const used = tryParseQuantity(usedRaw);
    if (hard === undefined || used === undefined || hard <= 0) continue;
    const ratio = used / hard;
    gauges.push({
      key,
      used: String(usedRaw),
      hard: String(hardRaw),
      ratio,
      level: quotaLevel(ratio, warning, critical),
    });
  }
  return gauges;
}
