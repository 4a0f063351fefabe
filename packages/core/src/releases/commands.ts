// The command a user would type to get the same answer (Onyxia's command bar, §6.4). Names
// are validated before they get here (RFC 1123), so no shell quoting is needed.

export const servicesCommands = {
  list: (namespace: string) => `helm list --namespace ${namespace}`,
  notes: (release: string, namespace: string) =>
    `helm get notes ${release} --namespace ${namespace}`,
  values: (release: string, namespace: string) =>
    `helm get values ${release} --namespace ${namespace}`,
  status: (release: string, namespace: string) => `helm status ${release} --namespace ${namespace}`,
  pods: (release: string, namespace: string) =>
    `kubectl get pods --selector app.kubernetes.io/instance=${release} --namespace ${namespace}`,
  logs: (
    pod: string,
    container: string | undefined,
    namespace: string,
    options: { tailLines?: number; follow?: boolean } = {},
  ) =>
    [
      `kubectl logs ${pod}`,
      container ? `-c ${container}` : "",
      options.tailLines !== undefined ? `--tail ${options.tailLines}` : "",
      options.follow ? "--follow" : "",
      `--namespace ${namespace}`,
    ]
      .filter(Boolean)
      .join(" "),
  events: (namespace: string) => `kubectl get events --watch --namespace ${namespace}`,
  quota: (namespace: string) =>
    `kubectl get resourcequota onyxia-quota --namespace ${namespace} --output yaml`,
};
