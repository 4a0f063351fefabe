// The messages between the server and its catalog loader process (subprocess-loader.ts ↔
// loader-process.ts), sent over Node's IPC channel with `serialization: "advanced"` (structured
// clone: Maps and shared objects survive, so versions that share a parsed schema still share it).
import type {
  CatalogConfig,
  ChartActivityDeclaration,
  ChartFiles,
  HelmIndexEntry,
  LintFinding,
} from "@onyxia-ts/core";
import type { HttpClientOptions, Validators } from "./http-client.ts";

export interface LoaderRequest {
  id: number;
  config: CatalogConfig;
  http: HttpClientOptions;
  maxConcurrentDownloads: number;
  /** The last good load, without its content: the loader process only needs the validators
   * (conditional request) and which archives the server already holds (not downloaded again). */
  previous?: { validators: Validators; archiveKeys: string[] };
}

export interface LoadedVersionMessage {
  entry: HelmIndexEntry;
  /** `archiveCacheKey` of its archive: one of `archives`, or one the server already holds. */
  archive: string;
  activity?: ChartActivityDeclaration;
}

export interface LoadMessage {
  unchanged: boolean;
  apiVersion: string | undefined;
  generated: string | undefined;
  charts: [name: string, versions: LoadedVersionMessage[]][];
  /** The archives this load parsed, by key, with their lint findings. */
  archives: [key: string, files: ChartFiles, findings: readonly LintFinding[]][];
  validators: Validators;
  problems: string[];
  downloads: number;
}

export type LoaderAnswer =
  { id: number; ok: true; load: LoadMessage } | { id: number; ok: false; message: string };
