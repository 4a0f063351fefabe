// Chart metadata comes from third-party Helm repositories: only http(s) URLs become links,
// so a `javascript:` source can never run in the datalab's origin.
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}
