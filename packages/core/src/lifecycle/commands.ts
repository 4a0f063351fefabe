// The commands a user would type for each lifecycle action (Onyxia's command bar, §6.4). Every
// name here went through the naming validators, so no shell quoting is needed; values are shown
// as a `values.yaml` heredoc, as the launcher does.

export interface ChartSource {
  /** The catalog id, used as the local helm repo name. */
  repoName: string;
  /** The repository URL (omitted for a local folder). */
  repoUrl?: string;
  chart: string;
  version: string;
}

const ns = (namespace: string) => `--namespace ${namespace}`;

export const lifecycleCommands = {
  repoAdd: (source: ChartSource) =>
    source.repoUrl ? `helm repo add ${source.repoName} ${source.repoUrl}` : undefined,
  valuesFile: (valuesYaml: string) =>
    `cat << EOF > values.yaml\n${valuesYaml.replace(/\n$/, "")}\nEOF`,
  install: (release: string, source: ChartSource, namespace: string) =>
    `helm install ${release} ${source.repoName}/${source.chart} --version ${source.version} ${ns(namespace)} -f values.yaml`,
  template: (release: string, source: ChartSource, namespace: string) =>
    `helm template ${release} ${source.repoName}/${source.chart} --version ${source.version} ${ns(namespace)} -f values.yaml`,
  upgrade: (release: string, source: ChartSource, namespace: string) =>
    `helm upgrade ${release} ${source.repoName}/${source.chart} --version ${source.version} ${ns(namespace)} -f values.yaml`,
  uninstall: (release: string, namespace: string) => `helm uninstall ${release} ${ns(namespace)}`,
  suspend: (release: string, chartRef: string, namespace: string, suspend: boolean) =>
    `helm upgrade ${release} ${chartRef} ${ns(namespace)} --reuse-values --set global.suspend=${suspend}`,
  rollback: (release: string, revision: number, namespace: string) =>
    `helm rollback ${release} ${revision} ${ns(namespace)}`,
  history: (release: string, namespace: string) => `helm history ${release} ${ns(namespace)}`,
  createNamespace: (namespace: string) => `kubectl create namespace ${namespace}`,
  createRoleBinding: (namespace: string, subject: { kind: "User" | "Group"; name: string }) =>
    `kubectl create rolebinding full_control_namespace --clusterrole admin --${subject.kind.toLowerCase()} ${subject.name} ${ns(namespace)}`,
  annotateSecret: (release: string, namespace: string, key: string, value: string) =>
    `kubectl patch secret sh.onyxia.release.v1.${release} ${ns(namespace)} --type merge -p '{"stringData":{"${key}":${JSON.stringify(value).replace(/'/g, "'\\''")}}}'`,
};
