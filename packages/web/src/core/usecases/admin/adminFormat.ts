// Pure helpers of the admin view: amounts and durations as text, bar shares.
import type { ResourceAmounts } from "@onyxia-ts/core";

/** Cores as "2", "0.5", "250m". */
export function formatCpu(cores: number): string {
  if (cores === 0) return "0";
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return String(Math.round(cores * 100) / 100);
}

const UNITS = ["B", "Ki", "Mi", "Gi", "Ti", "Pi"];

/** Bytes as "512Mi", "1.5Gi". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Math.round(value * 10) / 10}${UNITS[unit]}`;
}

/** A duration in ms as "3d 4h", "5h 12m", "7m", "<1m". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "<1m";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return `${minutes}m`;
}

/** `part / whole` in [0, ∞) for a bar; 0 when the whole is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

export type ResourceKey = keyof ResourceAmounts;

export function formatAmount(key: ResourceKey, value: number): string {
  return key === "cpu" ? formatCpu(value) : key === "memory" ? formatBytes(value) : String(value);
}
