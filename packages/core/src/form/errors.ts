import { formatHelmPath, type HelmValuesPath } from "../defaults/helm-path.ts";

/** A schema node the form cannot render (e.g. `render: "list"` without options). */
export class FormModelError extends Error {
  readonly path: HelmValuesPath;
  constructor(path: HelmValuesPath, reason: string) {
    super(`values path "${formatHelmPath(path)}": ${reason}`);
    this.name = "FormModelError";
    this.path = path;
  }
}
