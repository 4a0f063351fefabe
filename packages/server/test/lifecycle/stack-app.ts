// An app wired to the local stack's cluster (admin kubeconfig), for stack tests and benchmarks.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
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
  /** Another kubeconfig (e.g. through a test's TCP proxy); default the stack's admin one. */
  kubeconfig?: string,
): Promise<FastifyInstance> {
  useStackKubeconfig();
  if (kubeconfig) process.env.KUBECONFIG = kubeconfig;
  const app = await buildApp({ config: lifecycleConfig(overrides), webDistDirectory: null });
  await app.onyxia.catalogs.start();
  return app;
}

export const helmSecrets = async (ns: string, release: string): Promise<Loose[]> =>
  (await admin.get(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner%3Dhelm,name%3D${release}`))
    .items;

export const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

/**
 * The stack app in a child process (stack-app-process.ts), listening on a loopback port, for
 * tests that kill the server: SIGKILL it with `child.kill("SIGKILL")`.
 */
export async function forkStackApp(
  overrides: Parameters<typeof lifecycleConfig>[0] = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL("./stack-app-process.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      KUBECONFIG: kubernetesPaths(admin.ctx).kubeconfig,
      STACK_APP_OVERRIDES: JSON.stringify(overrides),
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`the forked server exited (${code})`)));
  });
  return { child, url };
}
