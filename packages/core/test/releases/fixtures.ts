// Helm release Secrets built exactly as Helm 3 stores them (JSON → gzip → base64, then the
// Kubernetes base64 layer), and the Onyxia secret as onyxia-api writes it.
import { gunzipSync, gzipSync } from "node:zlib";
import type { HelmRelease, KubePod, KubeSecret } from "@onyxia-ts/core";

export const gunzip = (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));
const b64 = (text: string | Buffer) => Buffer.from(text).toString("base64");

export const INGRESS_MANIFEST = `---
# Source: vscode-lite/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: vscode-lite-123456
spec:
  ports: [{ port: 8080 }]
---
# Source: vscode-lite/templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: vscode-lite-123456
spec:
  rules:
    - host: "user-alice-123456-0.localhost"
      http:
        paths:
          - path: /
            pathType: Prefix
---
# Source: vscode-lite/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: vscode-lite-123456
spec:
  replicas: 1
`;

export function release(
  overrides: Partial<HelmRelease> & { name?: string } = {},
): Record<string, unknown> {
  return {
    name: "vscode-lite-123456",
    namespace: "user-alice",
    version: 1,
    info: {
      status: "deployed",
      first_deployed: "2026-11-26T10:00:00.123456789Z",
      last_deployed: "2026-11-26T10:00:00.123456789Z",
      deleted: "",
      description: "Install complete",
      notes:
        "Your VS Code IDE is available at:\n\n  https://user-alice-123456-0.localhost\n\nPassword: s3cret",
    },
    chart: {
      metadata: { name: "vscode-lite", version: "1.0.0", appVersion: "4.96.4", apiVersion: "v2" },
      templates: [{ name: "templates/x.yaml", data: b64("kind: X") }],
      values: { global: { suspend: false } },
    },
    config: {
      global: { suspend: false },
      security: { password: "s3cret" },
      extensions: ["a", "b"],
    },
    manifest: INGRESS_MANIFEST,
    ...overrides,
  };
}

export function helmSecret(
  json: Record<string, unknown>,
  options: { gzip?: boolean; status?: string } = {},
): KubeSecret {
  const text = JSON.stringify(json);
  const helmPayload = b64(options.gzip === false ? text : gzipSync(text));
  const name = json.name as string;
  const version = json.version as number;
  return {
    type: "helm.sh/release.v1",
    metadata: {
      name: `sh.helm.release.v1.${name}.v${version}`,
      namespace: json.namespace as string,
      resourceVersion: String(1000 + version),
      labels: {
        owner: "helm",
        name,
        version: String(version),
        status: options.status ?? (json.info as { status: string }).status,
      },
    },
    data: { release: b64(helmPayload) },
  };
}

export function onyxiaSecret(
  release: string,
  fields: { catalog?: string; owner?: string; friendlyName?: string; share?: string },
): KubeSecret {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) data[key] = b64(value);
  return {
    type: "onyxia.sh/release.v1",
    metadata: { name: `sh.onyxia.release.v1.${release}` },
    data,
  };
}

export function pod(
  name: string,
  options: { ready?: boolean; waiting?: string; created?: string; unschedulable?: string } = {},
): KubePod {
  return {
    metadata: {
      name,
      creationTimestamp: options.created ?? "2026-11-26T10:00:01Z",
      labels: { "app.kubernetes.io/instance": "vscode-lite-123456" },
    },
    spec: { containers: [{ name: "main" }] },
    status: {
      phase: options.unschedulable ? "Pending" : "Running",
      ...(options.unschedulable
        ? {
            conditions: [
              {
                type: "PodScheduled",
                status: "False",
                reason: "Unschedulable",
                message: options.unschedulable,
              },
            ],
          }
        : {
            containerStatuses: [
              {
                name: "main",
                ready: options.ready ?? true,
                state: options.waiting
                  ? { waiting: { reason: options.waiting, message: `${options.waiting} message` } }
                  : { running: {} },
              },
            ],
          }),
    },
  };
}
