import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract } from "tar-stream";
import type { ChartFiles, JSONSchema } from "@onyxia-ts/core";

/** Guards against hostile archives: each file we keep, and the whole uncompressed stream. */
export const ARCHIVE_LIMITS = {
  maxFileBytes: 8 * 1024 * 1024,
  maxUncompressedBytes: 256 * 1024 * 1024,
};

/**
 * zlib's output chunks (16 KiB by default) are allocated by malloc in its main arena; a catalog
 * of hundreds of archives interleaves thousands of them with long-lived blocks and leaves the
 * arena fragmented (after the `all` mode's 583 archives, 14 MB free but resident; 11 MB with
 * these chunks). Chunks above MALLOC_MMAP_THRESHOLD_ (32 KiB in `npm run serve`) are mapped and
 * unmapped instead.
 */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

const WANTED = {
  "values.schema.json": "schema",
  "values.yaml": "values",
} as const;
type WantedKey = (typeof WANTED)[keyof typeof WANTED];

/**
 * Streams a chart .tgz (gunzip → tar) and keeps the top chart's values.schema.json and values.yaml
 * (what is served); subcharts (`<chart>/charts/<sub>/…`) and every other file are skipped
 * without being held in memory. Errors are plain messages; the caller adds catalog/chart/version.
 */
export async function readChartArchive(
  archive: Readable,
  pool: ChartFilesPool = new ChartFilesPool(),
): Promise<ChartFiles> {
  const found: Partial<Record<WantedKey, string>> = {};
  const untar = extract();
  untar.on("entry", (header, stream, next) => {
    const key = header.type === "file" ? wantedKey(header.name) : undefined;
    if (key === undefined || found[key] !== undefined) {
      stream.on("end", next);
      stream.resume();
      return;
    }
    const text = new StringDecoder("utf8");
    let kept = "";
    let size = 0;
    stream.on("data", (data: unknown) => {
      const chunk = data as Buffer;
      size += chunk.length;
      if (size > ARCHIVE_LIMITS.maxFileBytes) {
        stream.destroy(
          new Error(`${header.name} is larger than ${ARCHIVE_LIMITS.maxFileBytes} bytes`),
        );
        return;
      }
      kept += text.write(chunk);
    });
    stream.on("end", () => {
      found[key] = kept + text.end();
      next();
    });
    stream.on("error", next);
  });

  try {
    await pipeline(
      archive,
      gzipMagicCheck(),
      createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
      sizeGuard(ARCHIVE_LIMITS.maxUncompressedBytes),
      untar,
    );
  } catch (e) {
    throw new Error(describeArchiveError(e), { cause: e });
  }
  return {
    valuesSchema: found.schema === undefined ? null : pool.schema(found.schema),
    valuesYaml: found.values === undefined ? null : pool.text(found.values),
  };
}

/**
 * The files of one catalog load, each distinct text kept once: a chart's versions often ship the
 * same values.schema.json and values.yaml, and every version's own parsed copy made `all` mode
 * hold one schema per version. The pool is dropped with the load (its keys are the texts).
 * The schemas are shared: nothing may change them (they are only read and resolved into copies).
 */
export class ChartFilesPool {
  private readonly schemas = new Map<string, JSONSchema>();
  private readonly texts = new Map<string, string>();

  schema(text: string): JSONSchema {
    let schema = this.schemas.get(text);
    if (schema === undefined) this.schemas.set(text, (schema = parseSchema(text)));
    return schema;
  }

  text(text: string): string {
    const kept = this.texts.get(text);
    if (kept !== undefined) return kept;
    this.texts.set(text, text);
    return text;
  }
}

/** `<top>/values.yaml` → "values"; deeper paths (subcharts, templates) → undefined. */
function wantedKey(name: string): WantedKey | undefined {
  const parts = name.replace(/^\.\//, "").split("/");
  if (parts.length !== 2 || parts[0] === "" || parts[0] === "..") return undefined;
  const file = parts[1] as keyof typeof WANTED;
  return Object.hasOwn(WANTED, file) ? WANTED[file] : undefined;
}

function parseSchema(text: string): JSONSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`values.schema.json is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("values.schema.json is not a JSON object");
  }
  return parsed as JSONSchema;
}

class ArchiveFormatError extends Error {}

/** Fails fast with a clear message when the first bytes are not the gzip magic number. */
function gzipMagicCheck(): Transform {
  let checked = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!checked && chunk.length > 0) {
        checked = true;
        if (chunk[0] !== 0x1f || (chunk.length > 1 && chunk[1] !== 0x8b)) {
          done(new ArchiveFormatError("archive is not gzip"));
          return;
        }
      }
      done(null, chunk);
    },
    flush(done) {
      done(checked ? null : new ArchiveFormatError("archive is empty"));
    },
  });
}

function sizeGuard(maxBytes: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > maxBytes)
        done(new ArchiveFormatError(`archive expands beyond ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
}

function describeArchiveError(e: unknown): string {
  if (e instanceof ArchiveFormatError) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === "string" && err.code.startsWith("Z_"))
    return `archive is not valid gzip (${err.message})`;
  if (err.name?.includes("Timeout")) return `download timed out (${err.message})`;
  return `archive cannot be read: ${err.message ?? String(e)}`;
}
