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

/** Helm's stderr, reduced to its message lines (no "Error: " prefix, no warnings about the kubeconfig). */
export function helmMessageOf(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(
      (l) => l && !/^WARNING: Kubernetes configuration file is (group|world)-readable/.test(l),
    );
  const errors = lines
    .filter((l) => l.startsWith("Error:"))
    .map((l) => l.replace(/^Error:\s*/, ""));
  return (errors.length > 0 ? errors : lines).join("\n").slice(0, 4000);
}
