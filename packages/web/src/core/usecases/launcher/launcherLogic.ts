// Pure launcher rules, unit-tested in launcherLogic.test.ts.
import {
  computeValuesDiff,
  encodeLauncherLink,
  type HelmValuesPatchEntry,
  type JsonValue,
} from "@onyxia-ts/core";
import { stringify } from "yaml";

/** Versions arrive newest first; the default is the first one that is not a pre-release (Onyxia's rule). */
export function pickDefaultVersion(versions: readonly string[]): string | undefined {
  return versions.find((v) => !v.includes("-")) ?? versions[0];
}

export interface ShareableLinkInput {
  catalogId: string;
  chartName: string;
  friendlyName: string;
  version: string;
  defaultVersion: string | undefined;
  /**
   * The link (or the user) chose this version: it stays in the link even when it is the latest,
   * so a copied address keeps pinning it (issue 10 item 3).
   */
  versionPinned?: boolean;
  defaults: JsonValue;
  values: JsonValue;
  /** Kept as opened: this launcher does not edit them yet, but the link must not lose them. */
  shared?: boolean;
  s3?: string;
}

export interface ShareableLink {
  /** Path and query, to be prefixed with the origin. */
  href: string;
  /** Changes a launcher link cannot carry (a top-level key has no dot; containers are not scalars). */
  omitted: HelmValuesPatchEntry["path"][];
}

function isScalar(
  value: JsonValue | undefined,
): value is string | number | boolean | null | undefined {
  return value === undefined || value === null || typeof value !== "object";
}

/** Onyxia's launch link: the route params that differ from the defaults, plus the values diff. */
export function buildShareableLink(input: ShareableLinkInput): ShareableLink {
  const base = { catalogId: input.catalogId, chartName: input.chartName };
  const patch: {
    path: (string | number)[];
    value: string | number | boolean | null | undefined;
  }[] = [];
  const omitted: ShareableLink["omitted"] = [];
  for (const entry of computeValuesDiff(input.defaults, input.values)) {
    const { path, value } = entry;
    if (!isScalar(value)) {
      // A container replacing a scalar: its content follows as separate leaf entries.
      continue;
    }
    try {
      encodeLauncherLink({ ...base, helmValuesPatch: [{ path, value }] });
      patch.push({ path, value });
    } catch {
      omitted.push(path);
    }
  }
  const href = encodeLauncherLink({
    ...base,
    ...(input.friendlyName !== input.chartName ? { friendlyName: input.friendlyName } : {}),
    ...(input.shared !== undefined ? { shared: input.shared } : {}),
    ...(input.versionPinned || input.version !== input.defaultVersion
      ? { version: input.version }
      : {}),
    ...(input.s3 !== undefined ? { s3: input.s3 } : {}),
    helmValuesPatch: patch,
  });
  return { href, omitted };
}

export interface HelmCommandsInput {
  catalogId: string;
  repoUrl: string | undefined;
  chartName: string;
  releaseName: string;
  version: string;
  isDefaultVersion: boolean;
  /** Only group projects pass --namespace, as Onyxia does (a personal one is the user's default). */
  namespace: string | undefined;
  values: JsonValue;
}

/** Shell-quotes a word for display: only safe characters stay bare. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The commands a user would type to get the same release with the Helm CLI. */
export function helmCommands(input: HelmCommandsInput): string {
  const yamlText = stringify(input.values ?? {}, { lineWidth: 0 }).trimEnd();
  // A quoted heredoc delimiter keeps $ and backticks in values literal.
  const lines = [
    `helm repo add ${quote(input.catalogId)} ${quote(input.repoUrl ?? "<repository URL>")}`,
    `cat << 'EOF' > ./values.yaml`,
    yamlText,
    "EOF",
    [
      "helm install",
      quote(input.releaseName),
      quote(`${input.catalogId}/${input.chartName}`),
      ...(input.namespace ? ["--namespace", quote(input.namespace)] : []),
      ...(input.isDefaultVersion ? [] : ["--version", quote(input.version)]),
      "-f values.yaml",
    ].join(" "),
  ];
  return lines.join("\n");
}

export type AutoLaunchMode = "launch" | "confirm" | "none";

/**
 * What `autoLaunch=true` does, as Onyxia's web: launch right away, or only ask first when the
 * customisation DISABLE_AUTO_LAUNCH is set. Only the link as opened counts (not after edits), and
 * only a logged-in user can launch.
 */
export function autoLaunchMode(input: {
  linkAutoLaunch: boolean;
  disableAutoLaunch: boolean;
  loggedIn: boolean;
  /** The form still shows the link as opened (no other link, no version switch since). */
  asOpened: boolean;
}): AutoLaunchMode {
  if (!input.linkAutoLaunch || !input.loggedIn || !input.asOpened) return "none";
  return input.disableAutoLaunch ? "confirm" : "launch";
}
