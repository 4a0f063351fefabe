// The route's query parameters, as Onyxia's /data-explorer: source, rowsPerPage (default 25),
// page (1-based, default 1), selectedRow (index of the row in the page), columnVisibility (JSON
// object column → boolean, hidden columns set to false). Bad values fall back to the defaults.

import { formatFromPath } from "./format.ts";

export interface DataExplorerParams {
  source: string | undefined;
  rowsPerPage: number;
  page: number;
  selectedRow: number | undefined;
  columnVisibility: Record<string, boolean>;
}

export const DEFAULT_ROWS_PER_PAGE = 25;
export const MAX_ROWS_PER_PAGE = 1000;

function positiveInteger(text: string | null, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === null || !/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value >= 1 && value <= max ? value : undefined;
}

export function parseParams(search: URLSearchParams | string): DataExplorerParams {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const source = params.get("source")?.trim() || undefined;
  const selected = params.get("selectedRow");
  const selectedRow =
    selected !== null && /^\d+$/.test(selected.trim()) ? Number(selected) : undefined;
  let columnVisibility: Record<string, boolean> = {};
  const raw = params.get("columnVisibility");
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
        columnVisibility = Object.fromEntries(
          Object.entries(parsed).filter(
            (entry): entry is [string, boolean] => typeof entry[1] === "boolean",
          ),
        );
    } catch {
      // Not JSON: all columns visible.
    }
  }
  return {
    source,
    rowsPerPage:
      positiveInteger(params.get("rowsPerPage"), MAX_ROWS_PER_PAGE) ?? DEFAULT_ROWS_PER_PAGE,
    page: positiveInteger(params.get("page")) ?? 1,
    selectedRow,
    columnVisibility,
  };
}

/** The query string (without "?"): defaults left out, columnVisibility only when something is hidden. */
export function formatParams(params: DataExplorerParams): string {
  const out = new URLSearchParams();
  if (params.source !== undefined) out.set("source", params.source);
  if (params.rowsPerPage !== DEFAULT_ROWS_PER_PAGE)
    out.set("rowsPerPage", String(params.rowsPerPage));
  if (params.page !== 1) out.set("page", String(params.page));
  if (params.selectedRow !== undefined) out.set("selectedRow", String(params.selectedRow));
  const hidden = Object.entries(params.columnVisibility).filter(([, visible]) => !visible);
  if (hidden.length > 0) out.set("columnVisibility", JSON.stringify(Object.fromEntries(hidden)));
  return out.toString();
}

/**
 * The explorer's link for an S3 object the S3 explorer shows, when the explorer can open it (CSV,
 * TSV, Parquet, JSON, JSON lines, gzip-compressed CSV/JSON); undefined otherwise.
 */
export function dataExplorerLinkForS3Object(bucket: string, key: string): string | undefined {
  if (!formatFromPath(key)) return undefined;
  return `/data-explorer?${formatParams({
    source: `s3://${bucket}/${key}`,
    rowsPerPage: DEFAULT_ROWS_PER_PAGE,
    page: 1,
    selectedRow: undefined,
    columnVisibility: {},
  })}`;
}
