// /data-explorer?source=&rowsPerPage=&page=&selectedRow=&columnVisibility= (Onyxia's parameters):
// a CSV, TSV, Parquet or JSON file from a URL or S3, paged, queried with SQL, profiled, exported.
// DuckDB-WASM (its bundles are our own assets) is loaded only when this page opens a source.
import ContentCopyIcon from "@mui/icons-material/ContentCopy";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import CircularProgress from "@mui/material/CircularProgress";
import IconButton from "@mui/material/IconButton";
import MuiLink from "@mui/material/Link";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import TablePagination from "@mui/material/TablePagination";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useSearchParams } from "react-router";
import type { DataExplorerError } from "../../core/usecases/data-explorer/errors.ts";
import { deferredEngine } from "../../core/usecases/data-explorer/deferred-engine.ts";
import { takeFirstPageEarly } from "../../core/usecases/data-explorer/early-first-page.ts";
import { createS3Bridge, type S3Bridge } from "../../core/usecases/data-explorer/s3-access.ts";
import {
  ExplorerSession,
  exportFormatOf,
  type ExplorerState,
} from "../../core/usecases/data-explorer/session.ts";
import type { ExportFormat } from "../../core/usecases/data-explorer/sql.ts";
import { timed } from "../../core/usecases/data-explorer/timing.ts";
import {
  formatParams,
  parseParams,
  type DataExplorerParams,
} from "../../core/usecases/data-explorer/url-params.ts";
import { branding } from "../../config/branding.ts";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useS3Scope } from "../../shell/useS3.ts";
import { DataTable } from "./DataTable.tsx";
import { loadFirstPageReader } from "./first-page-reader.ts";

const EMPTY: ExplorerState = {
  source: undefined,
  opening: false,
  schema: [],
  view: {
    sql: undefined,
    columns: [],
    rows: [],
    page: 1,
    rowsPerPage: 25,
    rowCount: undefined,
    loading: false,
  },
};

/**
 * The session is usable at once: DuckDB-WASM is imported and started in the background while the
 * first page of a Parquet file is read in JavaScript (both code-split, loaded on first use).
 */
function createSession(s3: S3Bridge): ExplorerSession {
  const engine = deferredEngine(() =>
    timed(
      "engine-import",
      () => import("../../core/adapters/duckdb-wasm/duckdb-wasm-engine.ts"),
    ).then(({ createDuckDbEngine }) => createDuckDbEngine()),
  );
  return new ExplorerSession(engine, {
    s3,
    firstPage: loadFirstPageReader,
    // Started by main.tsx with the app when the address opens an http(s) Parquet source.
    earlyFirstPage: takeFirstPageEarly,
  });
}

/** Where "Save to S3" proposes to write: beside an s3:// source, else nowhere yet. */
function defaultSaveTarget(source: string | undefined): string {
  const match = /^s3:\/\/([^/]+)\/(.*\/)?[^/]*$/i.exec(source ?? "");
  return match ? `s3://${match[1]}/${match[2] ?? ""}result.parquet` : "";
}

function ErrorMessage({ error, testId }: { error: DataExplorerError; testId: string }) {
  return (
    <Alert
      severity={error.kind === "cancelled" ? "info" : "error"}
      data-testid={testId}
      data-kind={error.kind}
      sx={{ whiteSpace: "pre-wrap" }}
    >
      {error.message}
      {error.detail && error.detail !== error.message ? (
        <Box component="pre" sx={{ m: 0, mt: 1, fontSize: 12, whiteSpace: "pre-wrap" }}>
          {error.detail}
        </Box>
      ) : null}
    </Alert>
  );
}

function download(bytes: Uint8Array, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function DataExplorerPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const { s3 } = useCore();
  // The S3 scope (region, project, user) is read when a source is opened, not when the page was.
  const s3Scope = useS3Scope();
  const scopeRef = useRef(s3Scope);
  scopeRef.current = s3Scope;
  const bridge = useMemo(() => createS3Bridge(s3, () => scopeRef.current), [s3]);
  const params = useMemo(() => parseParams(searchParams), [searchParams]);
  const [session, setSession] = useState<ExplorerSession | undefined>();
  const sessionRef = useRef<ExplorerSession | undefined>(undefined);
  const state = useSyncExternalStore(
    session?.subscribe ?? (() => () => undefined),
    session?.getState ?? (() => EMPTY),
  );
  const [input, setInput] = useState(params.source ?? "");
  const [sql, setSql] = useState("SELECT * FROM data");
  const [exporting, setExporting] = useState<ExportFormat | undefined>();
  const [exportError, setExportError] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  const [saveTarget, setSaveTarget] = useState("");
  const [saving, setSaving] = useState<
    { state: "saving" } | { state: "saved"; uri: string } | { state: "failed"; message: string }
  >();

  const update = (patch: Partial<DataExplorerParams>) =>
    setSearchParams(formatParams({ ...params, ...patch }), { replace: true });

  // Open the source named in the URL (first visit, links, the Open button).
  useEffect(() => {
    setInput(params.source ?? "");
    setSaveTarget((current) => current || defaultSaveTarget(params.source));
    if (!params.source) return;
    sessionRef.current ??= createSession(bridge);
    setSession(sessionRef.current);
    void sessionRef.current.open(params.source, params.page, params.rowsPerPage);
    // Only a new source reopens; paging goes through the session.
  }, [params.source]);

  useEffect(() => () => void sessionRef.current?.dispose(), []);

  const hidden = useMemo(
    () =>
      new Set(
        Object.entries(params.columnVisibility)
          .filter(([, visible]) => !visible)
          .map(([name]) => name),
      ),
    [params.columnVisibility],
  );
  const { view, profile } = state;
  const selected = params.selectedRow !== undefined ? view.rows[params.selectedRow] : undefined;
  const command = session && state.opened ? session.command() : undefined;

  const exportAs = async (format: ExportFormat) => {
    if (!session) return;
    setExporting(format);
    setExportError(undefined);
    try {
      const bytes = await session.exportResult(format);
      download(
        bytes,
        `result.${format}`,
        format === "csv" ? "text/csv" : "application/vnd.apache.parquet",
      );
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(undefined);
    }
  };

  const openSource = (source: string | undefined) =>
    update({ source, page: 1, selectedRow: undefined, columnVisibility: {} });

  const saveToS3 = async () => {
    if (!session) return;
    setSaving({ state: "saving" });
    try {
      setSaving({ state: "saved", uri: await session.saveToS3(saveTarget) });
    } catch (error) {
      setSaving({
        state: "failed",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  return (
    <Stack spacing={2} sx={{ p: 2, maxWidth: "100%" }} data-testid="data-explorer">
      <Typography variant="h5" component="h1">
        Data explorer
      </Typography>
      <Box
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          openSource(input.trim() || undefined);
        }}
        sx={{ display: "flex", gap: 1 }}
      >
        <TextField
          fullWidth
          size="small"
          label="Source: https:// URL or s3://bucket/key (CSV, TSV, Parquet, JSON, JSON lines, .gz)"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          slotProps={{ htmlInput: { "data-testid": "de-source-input" } }}
        />
        <Button type="submit" variant="contained" data-testid="de-open">
          Open
        </Button>
      </Box>
      {branding.sampleDatasetUrl || branding.sampleDataCollectionUrl ? (
        <Stack direction="row" spacing={2} data-testid="de-samples">
          {branding.sampleDatasetUrl ? (
            <MuiLink
              component="button"
              type="button"
              onClick={() => openSource(branding.sampleDatasetUrl)}
              data-testid="de-sample-dataset"
            >
              Try a sample dataset
            </MuiLink>
          ) : null}
          {branding.sampleDataCollectionUrl ? (
            <MuiLink
              href={branding.sampleDataCollectionUrl}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="de-sample-collection"
            >
              More datasets to explore
            </MuiLink>
          ) : null}
        </Stack>
      ) : null}
      {state.sourceError ? (
        <ErrorMessage error={state.sourceError} testId="de-source-error" />
      ) : null}
      {state.opening ? (
        <Stack direction="row" spacing={1} alignItems="center" data-testid="de-opening">
          <CircularProgress size={20} />
          <span>Opening {state.source}…</span>
        </Stack>
      ) : null}
      {/* The first page read in JavaScript shows before the engine has opened the source. */}
      {state.opened || view.columns.length > 0 ? (
        <>
          {state.opened ? (
            <Paper variant="outlined" sx={{ p: 1.5 }}>
              <Typography variant="subtitle2" gutterBottom>
                Schema ({state.opened.detected.format}
                {state.opened.detected.gzip ? ", gzip" : ""}
                {state.opened.readInPlace
                  ? ", read in place with range requests"
                  : ", loaded into the tab"}
                ) — click a column to hide or show it
              </Typography>
              <Box sx={{ display: "flex", flexWrap: "wrap", gap: 0.5 }} data-testid="de-schema">
                {state.schema.map((column) => (
                  <Chip
                    key={column.name}
                    size="small"
                    data-testid={`de-column-toggle-${column.name}`}
                    variant={hidden.has(column.name) ? "outlined" : "filled"}
                    label={`${column.name}: ${column.type}`}
                    aria-pressed={!hidden.has(column.name)}
                    onClick={() => {
                      const next = { ...params.columnVisibility };
                      if (hidden.has(column.name)) delete next[column.name];
                      else next[column.name] = false;
                      update({ columnVisibility: next });
                    }}
                  />
                ))}
              </Box>
            </Paper>
          ) : null}
          <Paper variant="outlined" sx={{ p: 1.5 }}>
            <Stack spacing={1}>
              <TextField
                multiline
                minRows={2}
                label="SQL (the file is the table data)"
                value={sql}
                onChange={(event) => setSql(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && state.opened)
                    void session?.runSql(sql);
                }}
                slotProps={{
                  htmlInput: {
                    "data-testid": "de-sql",
                    spellCheck: false,
                    style: { fontFamily: "monospace" },
                  },
                }}
              />
              <Stack direction="row" spacing={1} alignItems="center">
                <Button
                  variant="contained"
                  data-testid="de-run"
                  disabled={view.loading || !state.opened}
                  onClick={() => void session?.runSql(sql)}
                >
                  Run (Ctrl+Enter)
                </Button>
                <Button
                  data-testid="de-reset"
                  onClick={() => {
                    setSql("SELECT * FROM data");
                    void session?.runSql("");
                  }}
                >
                  Whole file
                </Button>
                <Button
                  color="warning"
                  data-testid="de-cancel"
                  disabled={!view.loading}
                  onClick={() => session?.cancel()}
                >
                  Cancel
                </Button>
                {view.loading ? <CircularProgress size={18} /> : null}
              </Stack>
              {view.error ? <ErrorMessage error={view.error} testId="de-query-error" /> : null}
              {view.truncatedAt !== undefined ? (
                <Alert severity="warning" data-testid="de-truncated">
                  The result has more than {view.truncatedAt.toLocaleString()} rows: only the first{" "}
                  {view.truncatedAt.toLocaleString()} are kept in the tab. Add a WHERE or a LIMIT,
                  or export it.
                </Alert>
              ) : null}
            </Stack>
          </Paper>
          <Box>
            <Stack direction="row" justifyContent="space-between" alignItems="center">
              <Typography
                variant="body2"
                data-testid="de-row-count"
                data-count={view.rowCount ?? ""}
              >
                {view.rowCount === undefined
                  ? "Counting rows…"
                  : `${view.rowCount.toLocaleString("en-US")} rows`}
                {view.sql ? " (query result)" : ""}
              </Typography>
              <TablePagination
                component="div"
                disabled={!state.opened}
                count={view.rowCount ?? -1}
                page={Math.max(0, view.page - 1)}
                rowsPerPage={view.rowsPerPage}
                rowsPerPageOptions={[...new Set([25, 50, 100, view.rowsPerPage])].sort(
                  (a, b) => a - b,
                )}
                onPageChange={(_event, page) => {
                  void session?.loadPage(page + 1);
                  update({ page: page + 1, selectedRow: undefined });
                }}
                onRowsPerPageChange={(event) => {
                  const rowsPerPage = Number(event.target.value);
                  void session?.loadPage(1, rowsPerPage);
                  update({ rowsPerPage, page: 1, selectedRow: undefined });
                }}
                slotProps={{
                  actions: {
                    nextButton: { "data-testid": "de-next-page" } as object,
                    previousButton: { "data-testid": "de-previous-page" } as object,
                  },
                }}
              />
            </Stack>
            <DataTable
              columns={view.columns}
              rows={view.rows}
              hidden={hidden}
              selectedRow={params.selectedRow}
              onSelectRow={(index) => update({ selectedRow: index })}
              onProfile={(column) => void session?.profile(column)}
            />
          </Box>
          {selected ? (
            <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="de-row-detail">
              <Typography variant="subtitle2">
                Row {(view.page - 1) * view.rowsPerPage + (params.selectedRow ?? 0) + 1}
              </Typography>
              <Box
                component="dl"
                sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 2, m: 0 }}
              >
                {view.columns.map((column) => (
                  <Box key={column.name} sx={{ display: "contents" }}>
                    <Box component="dt" sx={{ fontWeight: 600 }}>
                      {column.name}
                    </Box>
                    <Box
                      component="dd"
                      sx={{ m: 0, wordBreak: "break-all" }}
                      data-testid={`de-detail-${column.name}`}
                    >
                      {selected[column.name] === null ? "NULL" : String(selected[column.name])}
                    </Box>
                  </Box>
                ))}
              </Box>
            </Paper>
          ) : null}
          {profile ? (
            <Paper
              variant="outlined"
              sx={{ p: 1.5 }}
              data-testid="de-profile-panel"
              data-column={profile.column}
            >
              <Stack direction="row" justifyContent="space-between">
                <Typography variant="subtitle2">Profile of {profile.column}</Typography>
                <Button size="small" onClick={() => session?.closeProfile()}>
                  Close
                </Button>
              </Stack>
              {profile.loading ? <CircularProgress size={18} /> : null}
              {profile.error ? (
                <ErrorMessage error={profile.error} testId="de-profile-error" />
              ) : null}
              {profile.result ? (
                <>
                  <Box
                    component="dl"
                    sx={{
                      display: "grid",
                      gridTemplateColumns: "max-content 1fr",
                      columnGap: 2,
                      m: 0,
                    }}
                  >
                    <dt>Type</dt>
                    <dd data-testid="de-profile-type">{profile.result.type}</dd>
                    <dt>Rows</dt>
                    <dd data-testid="de-profile-total" data-value={profile.result.total}>
                      {profile.result.total.toLocaleString("en-US")}
                    </dd>
                    <dt>Nulls</dt>
                    <dd data-testid="de-profile-nulls" data-value={profile.result.nulls}>
                      {profile.result.nulls.toLocaleString("en-US")}
                    </dd>
                    <dt>Distinct</dt>
                    <dd data-testid="de-profile-distinct" data-value={profile.result.distinct}>
                      {profile.result.distinct.toLocaleString("en-US")}
                    </dd>
                    <dt>Min</dt>
                    <dd data-testid="de-profile-min">{profile.result.min ?? "NULL"}</dd>
                    <dt>Max</dt>
                    <dd data-testid="de-profile-max">{profile.result.max ?? "NULL"}</dd>
                  </Box>
                  {profile.result.histogram ? (
                    <Box
                      sx={{
                        display: "flex",
                        alignItems: "flex-end",
                        gap: "2px",
                        height: 80,
                        mt: 1,
                      }}
                      aria-label="Histogram"
                    >
                      {profile.result.histogram.map((bin, index) => {
                        const max = Math.max(...profile.result!.histogram!.map((b) => b.count), 1);
                        return (
                          <Box
                            key={index}
                            data-testid="de-hist-bin"
                            data-count={bin.count}
                            title={`${bin.low.toPrecision(4)} – ${bin.high.toPrecision(4)}: ${bin.count}`}
                            sx={{
                              flex: 1,
                              bgcolor: "primary.main",
                              height: `${Math.max(2, (bin.count / max) * 100)}%`,
                            }}
                          />
                        );
                      })}
                    </Box>
                  ) : null}
                </>
              ) : null}
            </Paper>
          ) : null}
          <Stack direction="row" spacing={1} alignItems="center">
            <Button
              variant="outlined"
              data-testid="de-export-csv"
              disabled={exporting !== undefined}
              onClick={() => void exportAs("csv")}
            >
              Download CSV
            </Button>
            <Button
              variant="outlined"
              data-testid="de-export-parquet"
              disabled={exporting !== undefined}
              onClick={() => void exportAs("parquet")}
            >
              Download Parquet
            </Button>
            {exporting ? <CircularProgress size={18} /> : null}
            {exportError ? (
              <Alert severity="error" data-testid="de-export-error">
                {exportError}
              </Alert>
            ) : null}
          </Stack>
          <Box
            component="form"
            onSubmit={(event) => {
              event.preventDefault();
              void saveToS3();
            }}
            sx={{ display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap" }}
          >
            <TextField
              size="small"
              sx={{ flex: 1, minWidth: 320 }}
              label="Save the result to S3 (s3://bucket/path/name.csv or .parquet)"
              value={saveTarget}
              onChange={(event) => setSaveTarget(event.target.value)}
              error={saveTarget !== "" && !exportFormatOf(saveTarget)}
              slotProps={{ htmlInput: { "data-testid": "de-save-target" } }}
            />
            <Button
              type="submit"
              variant="outlined"
              data-testid="de-save-s3"
              disabled={saving?.state === "saving" || saveTarget.trim() === ""}
            >
              Save to S3
            </Button>
            {saving?.state === "saving" ? <CircularProgress size={18} /> : null}
            {saving?.state === "saved" ? (
              <Alert severity="success" data-testid="de-save-done">
                Saved to {saving.uri}
              </Alert>
            ) : null}
            {saving?.state === "failed" ? (
              <Alert severity="error" data-testid="de-save-error">
                {saving.message}
              </Alert>
            ) : null}
          </Box>
          {command ? (
            <Paper variant="outlined" sx={{ p: 1.5 }}>
              <Stack direction="row" alignItems="center" justifyContent="space-between">
                <Typography variant="subtitle2">The same with the duckdb command line</Typography>
                <IconButton
                  aria-label="Copy the command"
                  onClick={() =>
                    void navigator.clipboard?.writeText(command).then(() => setCopied(true))
                  }
                >
                  <ContentCopyIcon fontSize="small" />
                </IconButton>
              </Stack>
              <Box
                component="pre"
                data-testid="de-command"
                sx={{ m: 0, fontSize: 12, whiteSpace: "pre-wrap", wordBreak: "break-all" }}
              >
                {command}
              </Box>
              {copied ? <Typography variant="caption">Copied</Typography> : null}
            </Paper>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
