import { LauncherLinkError } from "./errors.ts";
import { decodePatchPath, encodePatchPath } from "./patch-path.ts";
import { decodePatchValue, encodePatchValue } from "./patch-value.ts";
import type { LauncherLink } from "./types.ts";

// Query keys with a dot are helm values patches, except these reserved for the OIDC client.
const OIDC_PREFIX = "oidc-spa.";
const LAUNCHER_PATH = /(?:^|\/)launcher\/([^/]+)\/([^/]+)\/?$/;

function encodeBoolean(value: boolean): string {
  return value ? "true" : "false";
}

/** `/launcher/{catalogId}/{chartName}?name=…&shared=…&version=…&s3=…&<patches>&autoLaunch=…` */
export function encodeLauncherLink(link: LauncherLink): string {
  for (const [what, value] of [
    ["catalogId", link.catalogId],
    ["chartName", link.chartName],
  ] as const) {
    if (value === "") throw new LauncherLinkError(`${what} cannot be empty`);
    // URL parsers would resolve these as relative path steps.
    if (value === "." || value === "..")
      throw new LauncherLinkError(`${what} cannot be "${value}"`);
  }
  const query: string[] = [];
  if (link.friendlyName !== undefined) query.push(`name=${encodeURIComponent(link.friendlyName)}`);
  if (link.shared !== undefined) query.push(`shared=${encodeBoolean(link.shared)}`);
  if (link.version !== undefined) query.push(`version=${encodeURIComponent(link.version)}`);
  if (link.s3 !== undefined) query.push(`s3=${encodeURIComponent(link.s3)}`);
  for (const { path, value } of link.helmValuesPatch) {
    const key = encodePatchPath(path);
    // Without a dot the key would read back as a plain route param, or be dropped.
    if (!key.includes(".")) {
      throw new LauncherLinkError(
        `patch path ${JSON.stringify(path)} cannot be written in a launcher link: only keys containing a "." are patches`,
        key,
      );
    }
    if (key.startsWith(OIDC_PREFIX)) {
      throw new LauncherLinkError(`patch keys starting with "${OIDC_PREFIX}" are reserved`, key);
    }
    query.push(`${key}=${encodePatchValue(value, key)}`);
  }
  if (link.autoLaunch !== undefined) query.push(`autoLaunch=${encodeBoolean(link.autoLaunch)}`);
  const path = `/launcher/${encodeURIComponent(link.catalogId)}/${encodeURIComponent(link.chartName)}`;
  return query.length === 0 ? path : `${path}?${query.join("&")}`;
}

function decodeText(raw: string, key: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new LauncherLinkError(`malformed percent-encoding in ${JSON.stringify(raw)}`, key);
  }
}

function decodeBoolean(raw: string | undefined, key: string): boolean {
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new LauncherLinkError(`expected true or false, got ${JSON.stringify(raw ?? "")}`, key);
}

/** Reads a launcher link; `pathname` may carry a base path before `/launcher/`. */
export function decodeLauncherLink(pathname: string, search: string): LauncherLink {
  const match = LAUNCHER_PATH.exec(pathname);
  if (!match) {
    throw new LauncherLinkError(
      `${JSON.stringify(pathname)} is not a launcher path (/launcher/{catalogId}/{chartName})`,
    );
  }
  const link: LauncherLink = {
    catalogId: decodeText(match[1] as string, "catalogId"),
    chartName: decodeText(match[2] as string, "chartName"),
    helmValuesPatch: [],
  };
  const queryString = search.startsWith("?") ? search.slice(1) : search;
  for (const part of queryString.split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    const rawKey = equals === -1 ? part : part.slice(0, equals);
    const rawValue = equals === -1 ? undefined : part.slice(equals + 1);
    switch (rawKey) {
      case "name":
        link.friendlyName = decodeText(rawValue ?? "", rawKey);
        continue;
      case "version":
        link.version = decodeText(rawValue ?? "", rawKey);
        continue;
      case "s3":
        link.s3 = decodeText(rawValue ?? "", rawKey);
        continue;
      case "shared":
        link.shared = decodeBoolean(rawValue, rawKey);
        continue;
      case "autoLaunch":
        link.autoLaunch = decodeBoolean(rawValue, rawKey);
        continue;
    }
    // Onyxia tests the raw key, so an escaped dot (%5C.) also marks a patch.
    if (!rawKey.includes(".") || rawKey.startsWith(OIDC_PREFIX)) continue;
    link.helmValuesPatch.push({
      path: decodePatchPath(rawKey),
      value: decodePatchValue(rawValue, decodeText(rawKey, rawKey)),
    });
  }
  return link;
}
