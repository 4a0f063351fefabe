import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Readable } from "node:stream";
import type { CatalogConfig } from "@onyxia-ts/core";
import {
  createCatalogHttpClient,
  redact,
  type HttpClientOptions,
  type Validators,
} from "./http-client.ts";

export const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export type IndexResponse =
  { notModified: true } | { notModified: false; text: string; validators: Validators };

/** Where a catalog's index.yaml and chart archives come from. */
export interface CatalogSource {
  /** With the validators of the last good read, answers `notModified` when nothing changed. */
  readIndex(previous: Validators | undefined): Promise<IndexResponse>;
  /** The chart archive at `url` (an index `urls[0]`, possibly relative to the repository). */
  openArchive(url: string): Promise<Readable>;
  /** The absolute location of an archive, for cache keys and messages (no credentials). */
  describe(url: string): string;
  close(): Promise<void>;
}

/** An http(s) repository, or a local folder given as a path or a file:// URL. */
export function createCatalogSource(
  config: CatalogConfig,
  options: HttpClientOptions,
): CatalogSource {
  return /^https?:\/\//i.test(config.location)
    ? createHttpSource(config, options)
    : createFolderSource(config, options);
}

function createHttpSource(config: CatalogConfig, options: HttpClientOptions): CatalogSource {
  const base = new URL(config.location.endsWith("/") ? config.location : `${config.location}/`);
  base.username = "";
  base.password = "";
  const http = createCatalogHttpClient(config, options);
  const indexUrl = new URL("index.yaml", base);
  const resolve = (url: string) => {
    const resolved = new URL(url, base);
    // A remote index must not make the server read its own files.
    if (resolved.protocol !== "http:" && resolved.protocol !== "https:") {
      throw new Error(`chart url ${url} is not http(s)`);
    }
    return resolved;
  };
  return {
    async readIndex(previous) {
      try {
        return await http.getText(indexUrl, previous, MAX_INDEX_BYTES);
      } catch (e) {
        throw new Error(`cannot fetch ${redact(indexUrl)}: ${errorText(e, options.timeoutMs)}`, {
          cause: e,
        });
      }
    },
    async openArchive(url) {
      const resolved = resolve(url);
      try {
        return await http.getStream(resolved);
      } catch (e) {
        throw new Error(`cannot download ${redact(resolved)}: ${errorText(e, options.timeoutMs)}`, {
          cause: e,
        });
      }
    },
    describe: (url) => redact(resolve(url)),
    close: () => http.close(),
  };
}

function createFolderSource(config: CatalogConfig, options: HttpClientOptions): CatalogSource {
  const folder = path.resolve(
    config.location.startsWith("file:") ? fileURLToPath(config.location) : config.location,
  );
  const indexFile = path.join(folder, "index.yaml");
  // A local index may still point to published archives over http(s).
  let http: ReturnType<typeof createCatalogHttpClient> | undefined;
  const resolveLocal = (url: string): string => {
    const file = url.startsWith("file:") ? fileURLToPath(url) : path.resolve(folder, url);
    if (file !== folder && !file.startsWith(folder + path.sep)) {
      throw new Error(`chart url ${url} points outside the catalog folder`);
    }
    return file;
  };
  return {
    async readIndex(previous) {
      let info;
      try {
        info = await stat(indexFile);
      } catch (e) {
        throw new Error(
          `cannot read ${indexFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          {
            cause: e,
          },
        );
      }
      if (info.size > MAX_INDEX_BYTES)
        throw new Error(`${indexFile} is larger than ${MAX_INDEX_BYTES} bytes`);
      const etag = `"${info.size}-${info.mtimeMs}"`;
      if (previous?.etag === etag) return { notModified: true };
      return { notModified: false, text: await readFile(indexFile, "utf8"), validators: { etag } };
    },
    async openArchive(url) {
      if (/^https?:\/\//i.test(url)) {
        http ??= createCatalogHttpClient({ ...config, username: null, password: null }, options);
        return http.getStream(new URL(url));
      }
      const file = resolveLocal(url);
      const stream = createReadStream(file);
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", (e: NodeJS.ErrnoException) =>
          reject(new Error(`cannot read ${file}: ${e.code ?? e.message}`, { cause: e })),
        );
      });
      return stream;
    },
    describe: (url) =>
      /^https?:\/\//i.test(url) ? redact(new URL(url)) : pathToFileURL(resolveLocal(url)).href,
    close: async () => {
      await http?.close();
    },
  };
}

function errorText(e: unknown, timeoutMs: number): string {
  const err = e as Error & { code?: string };
  if (err.name?.includes("Timeout") || err.code?.includes("TIMEOUT"))
    return `no answer within ${timeoutMs} ms`;
  if (err.code === "ECONNREFUSED") return "connection refused";
  if (err.code === "ENOTFOUND") return "host not found";
  // AggregateError (several addresses tried) has an empty message.
  return err.message || err.code || String(e);
}
