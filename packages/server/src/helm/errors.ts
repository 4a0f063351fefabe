// Helm failures with messages a user can act on; secrets never appear in them.

export class HelmError extends Error {
  override readonly name = "HelmError";
  constructor(
    message: string,
    /** Helm's own message (stderr, "Error: " removed, secrets redacted). */
    readonly helmMessage: string,
    readonly exitCode: number | null,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** An argument that did not pass the naming rules: nothing is spawned. */
export class HelmArgumentError extends Error {
  override readonly name = "HelmArgumentError";
}

/** Replaces every secret by "***"; also masks credentials embedded in URLs. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(\/\/)[^/@\s:]+:[^/@\s]+@/g, "$1***:***@");
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join("***");
  return out;
}

/** The longest helm message kept (the rest is cut with "…"). */
export const HELM_MESSAGE_MAX = 2000;

const kubeconfigWarning = /^WARNING: Kubernetes configuration file is (group|world)-readable/;

/**
 * Helm's stderr, reduced to its message: from the first "Error:" line to the end (helm's
 * multi-error details follow it on lines of their own, "* Secret x is invalid: …"), warnings
 * before it dropped, the "Error: " prefix removed, lines joined with " ", capped at
 * HELM_MESSAGE_MAX characters. The values a Kubernetes validation echoes (`Invalid value: "…"`)
 * are masked: they may be the user's secrets.
 */
export function helmMessageOf(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !kubeconfigWarning.test(l));
  const first = lines.findIndex((l) => l.startsWith("Error:"));
  const kept = (first >= 0 ? lines.slice(first) : lines).map((l) => l.replace(/^Error:\s*/, ""));
  const text = maskEchoedValues(kept.join(" "));
  return text.length > HELM_MESSAGE_MAX ? `${text.slice(0, HELM_MESSAGE_MAX - 1)}…` : text;
}

/** `Invalid value: "s3cr3t"` → `Invalid value: "***"` (Kubernetes echoes the refused value). */
function maskEchoedValues(text: string): string {
  return text.replace(/(Invalid value: )("(?:[^"\\]|\\.)*"|[^\s:,]+)/g, '$1"***"');
}

const secretKey = /secret|password|passwd|token|credential|private|api_?key|access_?key/i;

/**
 * The string values under secret-looking keys (s3.secretAccessKey, vault.token, …), anywhere in
 * a values tree: what a helm message must never show.
 */
export function secretValuesOf(values: unknown, underSecretKey = false): string[] {
  if (typeof values === "string") return underSecretKey && values.length >= 3 ? [values] : [];
  if (Array.isArray(values)) return values.flatMap((v) => secretValuesOf(v, underSecretKey));
  if (values !== null && typeof values === "object")
    return Object.entries(values).flatMap(([k, v]) =>
      secretValuesOf(v, underSecretKey || secretKey.test(k)),
    );
  return [];
}
