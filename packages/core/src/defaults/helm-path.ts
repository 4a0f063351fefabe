// Helm values paths: a list of keys and array indices, shown as `a.b[0]["dotted.key"]`.
export type HelmValuesPath = (string | number)[];

export function formatHelmPath(path: HelmValuesPath): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
