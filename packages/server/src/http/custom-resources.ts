// CUSTOM_RESOURCES (reference §10): the URL of a zip of the organisation's files (logos, fonts,
// Markdown pages), fetched once at start and served under /custom-resources/, where the web
// customisation refers to them (`%PUBLIC_URL%/custom-resources/logo.svg`). Onyxia's image unzips
// it at container start; we keep the files in memory. Entries that could escape the folder,
// encrypted or ZIP64 archives, and archives over the limits are refused with a reason.
import { rootCertificates } from "node:tls";
import { inflateRawSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { Agent, fetch as undiciFetch } from "undici";
import { sendProblem } from "./error-handler.ts";

export const CUSTOM_RESOURCES_PREFIX = "/custom-resources/";

export interface ZipLimits {
  /** Of the archive as downloaded. */
  maxArchiveBytes: number;
  /** Of all the files once inflated. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 50 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 5000,
};

export class CustomResourcesError extends Error {
  constructor(message: string) {
    super(`CUSTOM_RESOURCES: ${message}`);
    this.name = "CustomResourcesError";
  }
}

/** A path inside the folder: no `..`, no absolute path, no backslash or control character. */
export function safeEntryName(name: string): string | undefined {
  const trimmed = name.replace(/^(\.\/)+/, "");
  const hasControl = [...trimmed].some((c) => c.charCodeAt(0) < 0x20);
  if (trimmed === "" || trimmed.startsWith("/") || trimmed.includes("\\") || hasControl)
    return undefined;
  const segments = trimmed.split("/");
  if (segments.some((s) => s === ".." || s === ".")) return undefined;
  return trimmed;
}

/** The files of a zip archive by path (directories left out); `skipped` names refused entries. */
export function readZip(
  archive: Buffer,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): { files: Map<string, Buffer>; skipped: string[] } {
  if (archive.length > limits.maxArchiveBytes)
    throw new CustomResourcesError(`the archive is over ${limits.maxArchiveBytes} bytes`);
  // End of central directory: 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 65535); i--) {
    if (archive.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1)
    throw new CustomResourcesError("not a zip archive (no end of central directory)");
  const entries = archive.readUInt16LE(eocd + 10);
  const directoryOffset = archive.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff)
    throw new CustomResourcesError("ZIP64 archives are not supported");
  if (entries > limits.maxEntries)
    throw new CustomResourcesError(`the archive has more than ${limits.maxEntries} entries`);

  const files = new Map<string, Buffer>();
  const skipped: string[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== 0x02014b50)
      throw new CustomResourcesError("the central directory is damaged");
    const flags = archive.readUInt16LE(at + 8);
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localOffset = archive.readUInt32LE(at + 42);
    const name = archive.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    const path = safeEntryName(name);
    if (path === undefined || (flags & 1) !== 0 || (method !== 0 && method !== 8)) {
      skipped.push(name);
      continue;
    }
    total += size;
    if (total > limits.maxTotalBytes)
      throw new CustomResourcesError(`the files are over ${limits.maxTotalBytes} bytes inflated`);
    if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== 0x04034b50)
      throw new CustomResourcesError(`the entry "${name}" is damaged`);
    const dataStart =
      localOffset +
      30 +
      archive.readUInt16LE(localOffset + 26) +
      archive.readUInt16LE(localOffset + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    const content =
      method === 0
        ? Buffer.from(data)
        : inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
    if (content.length !== size) throw new CustomResourcesError(`the entry "${name}" is damaged`);
    files.set(path, content);
  }
  return { files, skipped };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * CUSTOM_RESOURCES_CA_CERTIFICATE: the PEM text of the CA(s) that signed the archive's server,
 * trusted for that download on top of the system's CAs (Onyxia's image hands it to wget).
 */
export function customResourcesFetch(caCertificate: string | undefined): typeof fetch {
  if (caCertificate === undefined || caCertificate.trim() === "") return fetch;
  const pems = caCertificate.match(PEM_CERTIFICATE);
  if (!pems)
    throw new CustomResourcesError(
      "CUSTOM_RESOURCES_CA_CERTIFICATE is not a PEM certificate (-----BEGIN CERTIFICATE-----…)",
    );
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, ...pems] } });
  return ((input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

/** Downloads and unpacks the archive; any failure is a CustomResourcesError naming it. */
export async function fetchCustomResources(
  url: string,
  options: {
    fetch?: typeof fetch;
    timeoutMs?: number;
    limits?: ZipLimits;
    /** CUSTOM_RESOURCES_CA_CERTIFICATE (PEM); ignored when `fetch` is given. */
    caCertificate?: string;
  } = {},
): Promise<{ files: Map<string, Buffer>; skipped: string[] }> {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  let response: Response;
  try {
    response = await (options.fetch ?? customResourcesFetch(options.caCertificate))(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      redirect: "follow",
    });
  } catch (error) {
    throw new CustomResourcesError(
      `cannot download ${url} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!response.ok) throw new CustomResourcesError(`${url} answered ${response.status}`);
  const length = Number(response.headers.get("content-length") ?? "0");
  if (length > limits.maxArchiveBytes)
    throw new CustomResourcesError(`the archive is over ${limits.maxArchiveBytes} bytes`);
  return readZip(Buffer.from(await response.arrayBuffer()), limits);
}

const TYPES: Record<string, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/x-icon",
  avif: "image/avif",
  css: "text/css; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  json: "application/json",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  pdf: "application/pdf",
};

export function contentTypeOf(path: string): string {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return TYPES[extension] ?? "application/octet-stream";
}

/** GET /custom-resources/<path>: the archive's files; 404 for anything else. */
export function registerCustomResources(app: FastifyInstance, files: Map<string, Buffer>): void {
  app.get(`${CUSTOM_RESOURCES_PREFIX}*`, { schema: { hide: true } }, async (request, reply) => {
    const raw = (request.params as { "*": string })["*"];
    let path: string | undefined;
    try {
      path = safeEntryName(decodeURIComponent(raw));
    } catch {
      path = undefined;
    }
    const file = path === undefined ? undefined : files.get(path);
    if (file === undefined) {
      return sendProblem(reply, {
        title: "Not Found",
        status: 404,
        detail: `No custom resource "${raw}"`,
        instance: `${CUSTOM_RESOURCES_PREFIX}${raw}`,
      });
    }
    return reply
      .header("cache-control", "public, max-age=300")
      .header("x-content-type-options", "nosniff")
      .type(contentTypeOf(path!))
      .send(file);
  });
}
