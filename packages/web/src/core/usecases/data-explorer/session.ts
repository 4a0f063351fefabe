// The explorer's model, framework-free: one source opened in a TabularEngine as `data`, a current
// view (the whole file, or a user's query) paged, counted, profiled and exported. The page renders
// its state and calls its methods; tests can drive it with any engine.

import type {
  FirstPageReader,
  OpenedSource,
  Row,
  TableColumn,
  TabularEngine,
} from "../../ports/tabularEngine.ts";
import { DataExplorerError, classifyQueryError, isDataExplorerError } from "./errors.ts";
import { formatFromPath } from "./format.ts";
import type { EarlyFirstPage } from "./early-first-page.ts";
import type { S3Bridge } from "./s3-access.ts";
import { parseSource, type ParsedSource, type S3Access, type S3AccessProvider } from "./source.ts";
import { withS3Refresh } from "./s3-refresh.ts";
import { timed } from "./timing.ts";
import {
  countSql,
  duckdbCommand,
  histogramBins,
  histogramSql,
  isNumericType,
  isWrappableQuery,
  materializeSql,
  normalizeSql,
  pageSql,
  profileSql,
  RESULT_TABLE,
  SOURCE_TABLE,
  type ExportFormat,
  type HistogramBin,
} from "./sql.ts";

export interface ColumnProfile {
  column: string;
  type: string;
  total: number;
  nulls: number;
  distinct: number;
  min: string | null;
  max: string | null;
  histogram?: HistogramBin[];
}

export interface ViewState {
  /** The user's SQL, or undefined for the whole file. */
  sql: string | undefined;
  columns: TableColumn[];
  rows: Row[];
  page: number;
  rowsPerPage: number;
  /** Rows in the view (undefined while counting). */
  rowCount: number | undefined;
  loading: boolean;
  error?: DataExplorerError;
  /** The result had more rows than the cap: only the first `truncatedAt` are kept. */
  truncatedAt?: number;
}

export interface ExplorerState {
  source: string | undefined;
  opening: boolean;
  sourceError?: DataExplorerError;
  opened?: OpenedSource;
  schema: TableColumn[];
  view: ViewState;
  profile?: { column: string; loading: boolean; result?: ColumnProfile; error?: DataExplorerError };
}

export interface SessionOptions {
  /** s3:// sources are read, and results saved, through the S3 feature's profiles. */
  s3?: S3Bridge;
  /** Rows a query result may keep (default 100 000). */
  maxResultRows?: number;
  /** A user's query is cancelled after this long (default 5 minutes). */
  queryTimeoutMs?: number;
  histogramBins?: number;
  /**
   * Loads a reader that shows the first page of a Parquet file while the engine starts (its cells
   * and types are the engine's); the engine then takes over (paging, SQL, count, profiles).
   */
  firstPage?: () => Promise<FirstPageReader>;
  /**
   * A first page already being read for this source (started with the app), taken over once, with
   * the S3 access it asked for (an s3:// source): the open then asks S3 nothing more.
   */
  earlyFirstPage?: (
    source: ParsedSource,
    offset: number,
    limit: number,
  ) => EarlyFirstPage | undefined;
}

const initialView = (page = 1, rowsPerPage = 25): ViewState => ({
  sql: undefined,
  columns: [],
  rows: [],
  page,
  rowsPerPage,
  rowCount: undefined,
  loading: false,
});

export class ExplorerSession {
  private state: ExplorerState = {
    source: undefined,
    opening: false,
    schema: [],
    view: initialView(),
  };
  private readonly listeners = new Set<() => void>();
  private openController: AbortController | undefined;
  private viewController: AbortController | undefined;
  /** Rows of a statement that cannot be paged by SQL (SHOW, DESCRIBE…), kept in memory. */
  private memoryRows: Row[] | undefined;
  private generation = 0;
  /** Changes whenever the view is asked for other rows: a late first page is then dropped. */
  private viewToken = 0;
  /** The generation whose first page the JavaScript reader showed. */
  private previewed: number | undefined;

  private readonly engine: TabularEngine;

  constructor(
    engine: TabularEngine,
    private readonly options: SessionOptions = {},
  ) {
    this.engine = withS3Refresh(engine);
  }

  getState = (): ExplorerState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<ExplorerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setView(patch: Partial<ViewState>): void {
    this.set({ view: { ...this.state.view, ...patch } });
  }

  private get cap(): number {
    return this.options.maxResultRows ?? 100_000;
  }

  /** SQL of the relation the view pages over. */
  private relation(): string {
    const { sql, truncatedAt } = this.state.view;
    if (sql === undefined) return SOURCE_TABLE;
    return truncatedAt === undefined
      ? RESULT_TABLE
      : `(SELECT * FROM ${RESULT_TABLE} LIMIT ${truncatedAt})`;
  }

  async open(source: string, page = 1, rowsPerPage = 25): Promise<void> {
    this.openController?.abort();
    this.viewController?.abort();
    const controller = new AbortController();
    this.openController = controller;
    const generation = ++this.generation;
    this.memoryRows = undefined;
    const { opened: _opened, sourceError: _error, profile: _profile, ...rest } = this.state;
    this.state = {
      ...rest,
      source,
      opening: true,
      schema: [],
      view: { ...initialView(page, rowsPerPage), loading: true },
    };
    this.set({});
    try {
      const parsed = parseSource(source);
      const early = this.options.earlyFirstPage?.(parsed, (page - 1) * rowsPerPage, rowsPerPage);
      // One S3 access (a HEAD, the credentials) per open, shared by the first page and the engine.
      const s3Access = this.sharedS3Access(parsed, early?.s3Access);
      this.showFirstPage(parsed, page, rowsPerPage, generation, controller.signal, {
        early,
        s3Access,
      });
      const opened = await this.engine.open(parsed, {
        signal: controller.signal,
        ...(s3Access ? { s3Access: s3Access() } : {}),
      });
      if (generation !== this.generation) return;
      this.set({ opening: false, opened });
    } catch (error) {
      if (generation !== this.generation) return;
      this.viewToken += 1;
      this.set({
        opening: false,
        sourceError: asError(error),
        view: initialView(page, rowsPerPage),
      });
      return;
    }
    // The first page before the schema: DESCRIBE costs a bind of the file (hundreds of ms in the
    // browser), the table does not need it, and the page is what a user waits for. Not again when
    // the JavaScript reader already shows it (the same cells).
    if (this.previewed !== generation)
      await timed("first-page", () => this.loadPage(page, rowsPerPage));
    try {
      const describe = await timed("schema", () =>
        this.engine.run(`DESCRIBE ${SOURCE_TABLE}`, { signal: controller.signal }),
      );
      if (generation !== this.generation) return;
      this.set({
        schema: describe.rows.map((row) => ({
          name: String(row["column_name"]),
          type: String(row["column_type"]),
        })),
      });
    } catch {
      // The schema is informative: the table pages without it.
    }
    void timed("count", () => this.count(generation));
  }

  /**
   * For an s3:// source: a provider per consumer (the first page, the engine) whose first call
   * gets the open's one access (the early read's, else asked now) and later calls (the engine's
   * refresh after a refusal) ask again.
   */
  private sharedS3Access(
    source: ParsedSource,
    early: Promise<S3Access> | undefined,
  ): (() => S3AccessProvider) | undefined {
    const bridge = this.options.s3;
    if (!bridge) return undefined;
    if (source.kind !== "s3") return () => bridge.access;
    const first = early ?? bridge.access({ bucket: source.bucket, key: source.key });
    first.catch(() => undefined); // reported by the consumers
    return () => {
      let used = false;
      return (target) => {
        if (used || target.bucket !== source.bucket || target.key !== source.key)
          return bridge.access(target);
        used = true;
        return first;
      };
    };
  }

  /** The first page read in JavaScript while the engine starts (Parquet only); errors are the engine's to report. */
  private showFirstPage(
    source: ParsedSource,
    page: number,
    rowsPerPage: number,
    generation: number,
    signal: AbortSignal,
    taken: { early: EarlyFirstPage | undefined; s3Access: (() => S3AccessProvider) | undefined },
  ): void {
    const load = this.options.firstPage;
    const detected = formatFromPath(source.path);
    if (!load || detected?.format !== "parquet" || detected.gzip) return;
    const token = this.viewToken;
    const s3 = this.options.s3;
    const offset = (page - 1) * rowsPerPage;
    // A read started with the app (and timed there) is taken over, else this one is started.
    void (
      taken.early?.page ??
      timed("preview", async () => {
        const reader = await load();
        return reader.read(source, {
          offset,
          limit: rowsPerPage,
          signal,
          ...(s3 ? { s3Read: s3.read } : {}),
        });
      })
    ).then(
      (result) => {
        const current =
          generation === this.generation && token === this.viewToken && !this.state.sourceError;
        if (!result || !current) return;
        this.previewed = generation;
        this.setView({
          columns: result.columns,
          rows: result.rows,
          rowCount: result.rowCount,
          loading: false,
        });
      },
      () => undefined,
    );
  }

  private async count(generation: number): Promise<void> {
    if (this.memoryRows) return;
    const relation = this.relation();
    try {
      const result = await this.engine.run(countSql(relation));
      const n = Number(result.rows[0]?.["n"] ?? 0);
      if (generation === this.generation && relation === this.relation())
        this.setView({ rowCount: n });
    } catch {
      // The count is informative; the table still pages without it.
    }
  }

  async loadPage(page: number, rowsPerPage = this.state.view.rowsPerPage): Promise<void> {
    if (!this.state.opened) return;
    this.viewController?.abort();
    const controller = new AbortController();
    this.viewController = controller;
    this.viewToken += 1;
    this.setView({ page, rowsPerPage, loading: true });
    if (this.memoryRows) {
      const start = (page - 1) * rowsPerPage;
      this.setView({ rows: this.memoryRows.slice(start, start + rowsPerPage), loading: false });
      return;
    }
    try {
      const result = await this.engine.run(pageSql(this.relation(), page, rowsPerPage), {
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      const { error: _error, ...view } = this.state.view;
      this.set({ view: { ...view, columns: result.columns, rows: result.rows, loading: false } });
    } catch (error) {
      if (controller.signal.aborted && isDataExplorerError(error) && error.kind === "cancelled")
        return;
      this.setView({ loading: false, error: asError(error) });
    }
  }

  /** Runs a user's query: its result becomes the view (blank: back to the whole file). */
  async runSql(sql: string): Promise<void> {
    if (!this.state.opened) return;
    this.viewController?.abort();
    const controller = new AbortController();
    this.viewController = controller;
    const generation = ++this.generation;
    this.viewToken += 1;
    const text = normalizeSql(sql);
    this.memoryRows = undefined;
    const rowsPerPage = this.state.view.rowsPerPage;
    this.set({
      view: { ...initialView(1, rowsPerPage), sql: text === "" ? undefined : text, loading: true },
    });
    if (text === "") {
      await this.loadPage(1, rowsPerPage);
      void this.count(generation);
      return;
    }
    const timeoutMs = this.options.queryTimeoutMs ?? 300_000;
    try {
      if (isWrappableQuery(text)) {
        await this.engine.run(materializeSql(text, this.cap), {
          signal: controller.signal,
          timeoutMs,
        });
        const counted = await this.engine.run(countSql(RESULT_TABLE), {
          signal: controller.signal,
        });
        const n = Number(counted.rows[0]?.["n"] ?? 0);
        if (n > this.cap) this.setView({ truncatedAt: this.cap, rowCount: this.cap });
        else this.setView({ rowCount: n });
        await this.loadPage(1, rowsPerPage);
      } else {
        const result = await this.engine.run(text, {
          signal: controller.signal,
          timeoutMs,
          maxRows: this.cap,
        });
        this.memoryRows = result.rows;
        this.setView({
          columns: result.columns,
          rows: result.rows.slice(0, rowsPerPage),
          rowCount: result.rows.length,
          loading: false,
          ...(result.truncated ? { truncatedAt: this.cap } : {}),
        });
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.setView({ loading: false, error: asError(error) });
    }
  }

  /** Cancels the running query (the view shows "cancelled"). */
  cancel(): void {
    this.viewController?.abort(new DataExplorerError("cancelled", "The query was cancelled."));
  }

  async profile(column: string): Promise<void> {
    const type =
      this.state.view.columns.find((c) => c.name === column)?.type ??
      this.state.schema.find((c) => c.name === column)?.type ??
      "";
    const relation = this.memoryRows ? undefined : this.relation();
    if (relation === undefined) {
      this.set({
        profile: {
          column,
          loading: false,
          error: new DataExplorerError("query", "Profiles need a SELECT result."),
        },
      });
      return;
    }
    this.set({ profile: { column, loading: true } });
    try {
      const stats = (await this.engine.run(profileSql(relation, column))).rows[0] ?? {};
      const result: ColumnProfile = {
        column,
        type,
        total: Number(stats["total"] ?? 0),
        nulls: Number(stats["nulls"] ?? 0),
        distinct: Number(stats["distinct_count"] ?? 0),
        min:
          stats["min_value"] === null || stats["min_value"] === undefined
            ? null
            : String(stats["min_value"]),
        max:
          stats["max_value"] === null || stats["max_value"] === undefined
            ? null
            : String(stats["max_value"]),
      };
      const low = Number(result.min);
      const high = Number(result.max);
      if (
        isNumericType(type) &&
        result.min !== null &&
        Number.isFinite(low) &&
        Number.isFinite(high)
      ) {
        const bins = this.options.histogramBins ?? 10;
        const rows = (await this.engine.run(histogramSql(relation, column, low, high, bins))).rows;
        result.histogram = histogramBins(
          rows.map((row) => ({ bin: Number(row["bin"]), n: Number(row["n"]) })),
          low,
          high,
          bins,
        );
      }
      if (this.state.profile?.column === column)
        this.set({ profile: { column, loading: false, result } });
    } catch (error) {
      if (this.state.profile?.column === column)
        this.set({ profile: { column, loading: false, error: asError(error) } });
    }
  }

  closeProfile(): void {
    const { profile: _profile, ...rest } = this.state;
    this.state = rest;
    this.set({});
  }

  /** The query whose result is the current view (for export and the command line). */
  currentQuery(): string {
    const { sql, page, rowsPerPage } = this.state.view;
    return sql ?? pageSql(SOURCE_TABLE, page, rowsPerPage);
  }

  /** The current result as CSV or Parquet bytes (the whole result, not only the page). */
  async exportResult(format: ExportFormat): Promise<Uint8Array> {
    const { sql } = this.state.view;
    if (sql !== undefined && !isWrappableQuery(sql))
      throw new DataExplorerError("query", "Only the result of a SELECT can be exported.");
    return this.engine.export(sql ?? `SELECT * FROM ${SOURCE_TABLE}`, format);
  }

  /**
   * Saves the current result to `s3://bucket/key` (CSV or Parquet, from the key's extension, which
   * must be .csv or .parquet) with the profile that reads the bucket. Returns the URI written.
   */
  async saveToS3(uri: string): Promise<string> {
    const target = parseSource(uri);
    if (target.kind !== "s3")
      throw new DataExplorerError(
        "invalid-source",
        "Give an s3://bucket/key.csv or .parquet path.",
      );
    const format = exportFormatOf(target.key);
    if (!format)
      throw new DataExplorerError(
        "invalid-source",
        `"${target.key}" should end with .csv or .parquet: that is the format written.`,
      );
    if (!this.options.s3)
      throw new DataExplorerError("access-denied", "No S3 profile is available to save to S3.");
    const bytes = await this.exportResult(format);
    await this.options.s3.upload(
      { bucket: target.bucket, key: target.key },
      bytes,
      format === "csv" ? "text/csv" : "application/vnd.apache.parquet",
    );
    return target.uri;
  }

  command(): string | undefined {
    const opened = this.state.opened;
    if (!opened) return undefined;
    return duckdbCommand(
      {
        location: opened.location,
        detected: opened.detected,
        ...(opened.delimiter === undefined ? {} : { delimiter: opened.delimiter }),
        ...(opened.s3 ? { s3: opened.s3 } : {}),
      },
      this.currentQuery(),
    );
  }

  async dispose(): Promise<void> {
    this.openController?.abort();
    this.viewController?.abort();
    await this.engine.dispose();
  }
}

/** The export format a key's extension names. */
export function exportFormatOf(key: string): ExportFormat | undefined {
  const lower = key.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".parquet")) return "parquet";
  return undefined;
}

function asError(error: unknown): DataExplorerError {
  return isDataExplorerError(error) ? error : classifyQueryError(error);
}
