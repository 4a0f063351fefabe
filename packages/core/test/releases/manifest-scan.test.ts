// firstManifestController reads documents by their top-level lines and parses only those it
// cannot settle: its answer must be manifestControllers' (the admin view's states depend on it).
import { readFileSync } from "node:fs";
import {
  decodeHelmReleaseSecret,
  firstManifestController,
  manifestControllers,
  manifestObjects,
  type KubeSecret,
} from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { gunzip } from "./fixtures.ts";

const byParsing = (manifest: string) => manifestControllers(manifestObjects(manifest))[0];

const doc = (body: string) => `---\n# Source: chart/templates/x.yaml\n${body}\n`;
const cases: Record<string, string> = {
  "a Deployment": doc(
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    a: b\nspec:\n  replicas: 1",
  ),
  "quoted values and comments": doc(
    `apiVersion: "apps/v1" # api\nkind: 'StatefulSet'\nmetadata: # meta\n  labels:\n    name: not-this-one\n  name: "db"\nspec: {}`,
  ),
  "name after nested keys": doc(
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  annotations:\n    note: |\n      kind: Deployment\n  name: agent",
  ),
  "a CNPG Cluster": doc("apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: pg"),
  "a Cluster of another group": doc(
    "apiVersion: example.org/v1\nkind: Cluster\nmetadata:\n  name: pg",
  ),
  "a Deployment of another apiVersion": doc(
    "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: old",
  ),
  "no controller, ClusterIP and ClusterRole":
    doc("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP") +
    doc("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r"),
  "the word in a ConfigMap only": doc(
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  text: |\n    kind: Deployment",
  ),
  "flow style": doc(
    '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "json"}}',
  ),
  "flow metadata": doc("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: flow}"),
  "a null name": doc("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: null"),
  "an empty name": doc("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ''"),
  "a numeric name": doc("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: 0"),
  "no name": doc("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    name: x"),
  "a repeated kind (invalid YAML)": doc(
    "apiVersion: apps/v1\nkind: Deployment\nkind: Deployment\nmetadata:\n  name: twice",
  ),
  "a hash inside a plain kind": doc(
    "apiVersion: apps/v1\nkind: Deployment#x\nmetadata:\n  name: hash",
  ),
  "an anchor": doc("apiVersion: apps/v1\nkind: &k Deployment\nmetadata:\n  name: anchored"),
  "CRLF lines": doc("apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: crlf\r"),
  "controllers after other objects":
    doc("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s") +
    doc("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: second") +
    doc("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: third"),
  empty: "",
};

describe("firstManifestController", () => {
  it.each(Object.entries(cases))("agrees with parsing: %s", (_, manifest) => {
    expect(firstManifestController(manifest)).toEqual(byParsing(manifest));
  });

  it("finds the controllers it should (the cases are not all empty)", () => {
    expect(firstManifestController(cases["a Deployment"]!)).toEqual({
      kind: "Deployment",
      name: "web",
    });
    expect(firstManifestController(cases["quoted values and comments"]!)).toEqual({
      kind: "StatefulSet",
      name: "db",
    });
    expect(firstManifestController(cases["a CNPG Cluster"]!)).toEqual({
      kind: "Cluster",
      name: "pg",
    });
    expect(firstManifestController(cases["controllers after other objects"]!)?.name).toBe("second");
    expect(firstManifestController(cases["the word in a ConfigMap only"]!)).toBeUndefined();
  });

  it("agrees on the manifests helm stored (real Helm 3.18 release secrets)", () => {
    for (const revision of [1, 2]) {
      const secret = JSON.parse(
        readFileSync(
          new URL(`./fixtures/helm-3.18-vscode-lite-v${revision}.json`, import.meta.url),
          "utf8",
        ),
      ) as KubeSecret;
      const { manifest } = decodeHelmReleaseSecret(secret, gunzip);
      expect(firstManifestController(manifest)).toBeDefined();
      expect(firstManifestController(manifest)).toEqual(byParsing(manifest));
    }
  });
});
