// CSV (RFC 4180) that a spreadsheet opens safely: every cell quoted when needed, and a cell that a
// spreadsheet would run as a formula (starting with = + - @, or a tab/CR) is prefixed with a
// single quote (OWASP "CSV injection").
import type { AdminService } from "../api/admin.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // Numbers we produce are data, not formulas (a negative number stays a number).
  if (typeof value !== "number" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export const ADMIN_CSV_COLUMNS = [
  "namespace",
  "release",
  "friendlyName",
  "owner",
  "catalog",
  "chart",
  "chartVersion",
  "createdAt",
  "ageSeconds",
  "state",
  "cpuRequested",
  "memoryRequestedBytes",
  "gpuRequested",
  "idleSince",
  "idleSeconds",
] as const;

/** The listing as CSV (header row first); ages and idle times relative to `now` (epoch ms). */
export function adminServicesCsv(services: readonly AdminService[], now: number): string {
  const seconds = (from: number) => Math.max(0, Math.round((now - from) / 1000));
  return toCsv([
    ADMIN_CSV_COLUMNS,
    ...services.map((s) => [
      s.namespace,
      s.release,
      s.friendlyName,
      s.owner,
      s.catalogId,
      s.chart,
      s.chartVersion,
      s.createdAt ? new Date(s.createdAt).toISOString() : null,
      s.createdAt ? seconds(s.createdAt) : null,
      s.state,
      s.requests.cpu,
      s.requests.memory,
      s.requests.gpu,
      s.idleSince,
      s.idleSince ? seconds(Date.parse(s.idleSince)) : null,
    ]),
  ]);
}
