import { formatHelmPath, type HelmValuesPath } from "./helm-path.ts";

/** A schema node for which no default value can be computed, or a broken Onyxia keyword. */
export class DefaultValueError extends Error {
  readonly path: HelmValuesPath;
  constructor(path: HelmValuesPath, reason: string) {
    super(`values path "${formatHelmPath(path)}": ${reason}`);
    this.name = "DefaultValueError";
    this.path = path;
  }
}
