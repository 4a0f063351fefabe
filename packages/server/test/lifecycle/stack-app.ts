// An app wired to the local stack's cluster (admin kubeconfig), for stack tests and benchmarks.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { kubernetesPaths } from "../../../../stack/components/kubernetes/index.ts";
import { kube } from "../../../../stack/lib/testing/kube.ts";
import { buildApp } from "../../src/app.ts";
import { lifecycleConfig } from "./fixtures.ts";

/** Kubernetes JSON, read loosely (tests and benchmarks check the fields they need). */
export type Loose = ReturnType<typeof JSON.parse>;

export const admin = kube();

/** Points the server (and helm) at the stack: both read KUBECONFIG. */
export function useStackKubeconfig(): void {
  process.env.KUBECONFIG = kubernetesPaths(admin.ctx).kubeconfig;
}

/** A namespace prefix unique to this run, so runs never see each other's releases. */
export const runPrefix = (what: string) => `${what}${randomBytes(2).toString("hex")}-`;

export async function stackApp(
  overrides: Parameters<typeof lifecycleConfig>[0] = {},
): Promise<FastifyInstance> {
  useStackKubeconfig();
  const app = await buildApp({ config: lifecycleConfig(overrides), webDistDirectory: null });
  await app.onyxia.catalogs.start();
  return app;
}

export const helmSecrets = async (ns: string, release: string): Promise<Loose[]> =>
  (await admin.get(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner%3Dhelm,name%3D${release}`))
    .items;

export const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
