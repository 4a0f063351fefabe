// Helm 3 release storage (driver "secret"): Secret `sh.helm.release.v1.<name>.v<revision>`,
// labels owner=helm,name,version,status; data.release = base64(gzip(JSON)) inside the
// Kubernetes base64 layer. Core stays I/O- and zlib-free: the caller injects gunzip.
import { base64ToBytes, base64ToText, bytesToText } from "../encoding/base64.ts";
import type { KubeSecret } from "./kube-types.ts";

export type Gunzip = (bytes: Uint8Array) => Uint8Array;

export interface HelmReleaseInfo {
  status: string;
  first_deployed?: string;
  last_deployed?: string;
  deleted?: string;
  description?: string;
  notes?: string;
}

export interface HelmChartMetadata {
  name: string;
  version: string;
  appVersion?: string;
  [key: string]: unknown;
}

/** The part of a decoded release the services logic uses (the chart's templates are dropped). */
export interface HelmRelease {
  name: string;
  namespace: string;
  /** The revision. */
  version: number;
  info: HelmReleaseInfo;
  chart: { metadata: HelmChartMetadata; values?: Record<string, unknown> };
  /** The user-supplied values (`helm get values`). */
  config: Record<string, unknown>;
  manifest: string;
  labels?: Record<string, string>;
}

export class HelmReleaseDecodeError extends Error {
  constructor(what: string, reason: string) {
    super(`Cannot decode Helm release ${what}: ${reason}`);
    this.name = "HelmReleaseDecodeError";
  }
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Validates and slims the release JSON (Helm's `release.Release`). */
export function parseHelmReleaseJson(json: unknown, what = "release"): HelmRelease {
  if (!isRecord(json)) throw new HelmReleaseDecodeError(what, "the payload is not a JSON object");
  const { name, namespace, version, info, chart, config, manifest, labels } = json;
  if (typeof name !== "string" || name === "")
    throw new HelmReleaseDecodeError(what, "missing name");
  if (typeof version !== "number")
    throw new HelmReleaseDecodeError(what, "missing version (revision)");
  if (!isRecord(info) || typeof info.status !== "string")
    throw new HelmReleaseDecodeError(what, "missing info.status");
  const metadata = isRecord(chart) && isRecord(chart.metadata) ? chart.metadata : undefined;
  if (!metadata || typeof metadata.name !== "string")
    throw new HelmReleaseDecodeError(what, "missing chart.metadata.name");
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const releaseInfo: HelmReleaseInfo = { status: info.status };
  for (const key of [
    "first_deployed",
    "last_deployed",
    "deleted",
    "description",
    "notes",
  ] as const) {
    const value = text(info[key]);
    if (value !== undefined) releaseInfo[key] = value;
  }
  return {
    name,
    namespace: typeof namespace === "string" ? namespace : "",
    version,
    info: releaseInfo,
    chart: {
      metadata: {
        name: metadata.name,
        version: text(metadata.version) ?? "",
        ...(text(metadata.appVersion) !== undefined
          ? { appVersion: metadata.appVersion as string }
          : {}),
      },
      ...(isRecord(chart) && isRecord(chart.values) ? { values: chart.values } : {}),
    },
    config: isRecord(config) ? config : {},
    manifest: typeof manifest === "string" ? manifest : "",
    ...(isRecord(labels) ? { labels: labels as Record<string, string> } : {}),
  };
}

/** Helm's own encoding (one base64 layer, gzip or plain JSON) to a release. */
export function decodeHelmReleasePayload(
  helmBase64: string,
  gunzip: Gunzip,
  what = "release",
): HelmRelease {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(helmBase64);
  } catch {
    throw new HelmReleaseDecodeError(what, "the release payload is not base64");
  }
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzip(bytes);
    } catch (error) {
      throw new HelmReleaseDecodeError(what, `gunzip failed (${(error as Error).message})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytesToText(bytes));
  } catch {
    throw new HelmReleaseDecodeError(what, "the release payload is not JSON");
  }
  return parseHelmReleaseJson(json, what);
}

/** A release Secret as the Kubernetes API returns it (data.release carries two base64 layers). */
export function decodeHelmReleaseSecret(secret: KubeSecret, gunzip: Gunzip): HelmRelease {
  const what = `secret ${JSON.stringify(secret.metadata?.name ?? "?")}`;
  const data = secret.data?.release;
  if (typeof data !== "string") throw new HelmReleaseDecodeError(what, "it has no data.release");
  let helmBase64: string;
  try {
    helmBase64 = base64ToText(data);
  } catch {
    throw new HelmReleaseDecodeError(what, "data.release is not base64");
  }
  const release = decodeHelmReleasePayload(helmBase64, gunzip, what);
  return release.namespace === "" && secret.metadata?.namespace
    ? { ...release, namespace: secret.metadata.namespace }
    : release;
}
