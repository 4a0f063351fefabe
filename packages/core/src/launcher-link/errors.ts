/** A launcher link that cannot be encoded or decoded; `key` names the query key at fault, if any. */
export class LauncherLinkError extends Error {
  override readonly name = "LauncherLinkError";
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(key === undefined ? message : `launcher link key "${key}": ${message}`);
  }
}
