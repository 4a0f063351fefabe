// Issue 15 item 5: two server processes (the real entry point, `main.ts`) against the local
// cluster behave as one. A launch through one is listed by the other; a suspend through the
// second reaches the first's event stream; a server killed (SIGKILL, with its helm child, as a
// container runtime kills a pod) in the middle of a launch leaves a release the other shows with
// its state and reason, and deletes.
// @stack-components kwok
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { kubernetesPaths } from "../../../stack/components/kubernetes/index.ts";
import { repoRoot } from "../src/config/paths.ts";
import { writeHelmRepo } from "./app/fixtures.ts";
import { examplesRepo } from "./lifecycle/fixtures.ts";
import { admin, helmSecrets, runPrefix, type Loose } from "./lifecycle/stack-app.ts";

const prefix = runPrefix("rep");
const ns = `${prefix}default`; // authentication "none": every caller is "default"
const scratch = mkdtempSync(path.join(tmpdir(), "onyxia-ts-replicas-"));

interface Replica {
  child: ChildProcess;
  url: string;
  output(): string;
}
const replicas: Replica[] = [];

/** `main.ts` in a process group of its own, so a SIGKILL can take its helm children too. */
async function startReplica(configFile: string): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/server/src/main.ts"], {
    cwd: repoRoot,
    detached: true,
    env: {
      ...process.env,
      ONYXIA_CONFIG: configFile,
      KUBECONFIG: kubernetesPaths(admin.ctx).kubeconfig,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      AUDIT_SINK: "none",
      REGIONS: "",
      CATALOGS: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const replica = { child, url: "", output: () => out };
  replicas.push(replica);
  replica.url = await eventually(
    async () => /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1],
    `replica listening (output: ${out.slice(-500)})`,
    60_000,
  );
  await eventually(
    async () => ((await fetch(`${replica.url}/api/public/readiness`)).ok ? true : undefined),
    "replica ready",
    60_000,
  );
  return replica;
}

const killGroup = (replica: Replica) => {
  try {
    process.kill(-replica.child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
};

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface Listed {
  id: string;
  status: string;
  state: string;
  stateReason: string | null;
  friendlyName: string | null;
}
const services = async (replica: Replica): Promise<Listed[]> => {
  const r = await fetch(`${replica.url}/api/my-lab/services`);
  expect(r.status, await r.clone().text()).toBe(200);
  return ((await r.json()) as { apps: Listed[] }).apps;
};
const launch = (replica: Replica, body: object) =>
  fetch(`${replica.url}/api/my-lab/app`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

let a: Replica;
let b: Replica;

beforeAll(async () => {
  // A chart whose pre-install hook is a bare Pod: KWOK keeps it Running, never Succeeded, so helm
  // waits on it with the release in pending-install: a launch is "in the middle" for as long as
  // the test needs.
  const slowRepo = await writeHelmRepo(path.join(scratch, "slow-repo"), [
    {
      name: "slow-hook",
      version: "0.1.0",
      schema: { type: "object", properties: {} },
      values: "{}\n",
      templates: {
        "hook.yaml": [
          "apiVersion: v1",
          "kind: Pod",
          "metadata:",
          "  name: {{ .Release.Name }}-hook",
          "  annotations:",
          "    helm.sh/hook: pre-install",
          "spec:",
          "  restartPolicy: Never",
          "  containers:",
          "    - name: wait",
          "      image: busybox",
          "",
        ].join("\n"),
        "config.yaml": [
          "apiVersion: v1",
          "kind: ConfigMap",
          "metadata:",
          "  name: {{ .Release.Name }}-config",
          "data:",
          "  a: b",
          "",
        ].join("\n"),
      },
    },
  ]);
  const configFile = path.join(scratch, "onyxia.yaml");
  writeFileSync(
    configFile,
    stringify({
      catalogs: [
        { id: "examples", location: examplesRepo },
        { id: "slow", location: slowRepo, timeout: "10m" },
      ],
      regions: [
        {
          id: "local",
          services: {
            type: "KUBERNETES",
            singleNamespace: false,
            allowNamespaceCreation: true,
            namespacePrefix: prefix,
          },
        },
      ],
    }),
  );
  [a, b] = await Promise.all([startReplica(configFile), startReplica(configFile)]);
  // Both have watched the (not yet existing) namespace once: what follows measures propagation,
  // not a first sync.
  expect(await services(a)).toEqual([]);
  expect(await services(b)).toEqual([]);
}, 180_000);

afterAll(async () => {
  for (const replica of replicas) killGroup(replica);
  await admin.remove(`/api/v1/namespaces/${ns}`);
  rmSync(scratch, { recursive: true, force: true });
});

describe("two replicas", () => {
  let release = "";

  it("a launch through A is listed by B", async () => {
    const r = await launch(a, {
      catalogId: "examples",
      packageName: "postgres-lite",
      packageVersion: "1.2.0",
      friendlyName: "two replicas",
      options: { global: { suspend: false } },
    });
    expect(r.status, await r.clone().text()).toBe(200);
    release = String(r.headers.get("x-onyxia-release"));
    const answered = performance.now();
    const listed = await eventually(
      async () => (await services(b)).find((s) => s.id === release),
      `${release} listed by B`,
      20_000,
      20,
    );
    // A figure, not an assertion (issue 15 asks for 1 s): printed for the report.
    console.log(
      `replicas: B listed ${release} ${Math.round(performance.now() - answered)} ms after A answered the launch`,
    );
    expect(listed.friendlyName).toBe("two replicas");
  });

  it("a suspend through B reaches A's event stream", async () => {
    const stream = new AbortController();
    const response = await fetch(`${a.url}/api/my-lab/events`, { signal: stream.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const seen: Loose[] = [];
    let buffer = "";
    const scaledDown = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`A's stream ended; events seen: ${JSON.stringify(seen)}`);
        buffer += new TextDecoder().decode(value);
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const part = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!part.startsWith("data:")) continue;
          const event = JSON.parse(part.slice(5)) as Loose;
          seen.push({ reason: event.reason, object: event.involvedObject?.name });
          // The StatefulSet controller deleting the release's pod: the suspension at work.
          if (
            event.reason === "SuccessfulDelete" &&
            event.involvedObject?.kind === "StatefulSet" &&
            String(event.involvedObject?.name).includes(release)
          )
            return event;
        }
      }
    })();
    const suspended = await fetch(`${b.url}/api/my-lab/app/suspend`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ serviceID: release }),
    });
    expect(suspended.status, await suspended.clone().text()).toBe(200);
    const timeout = setTimeout(() => stream.abort(), 60_000);
    try {
      const event = await scaledDown;
      expect(event.message).toMatch(/delete Pod/i);
    } finally {
      clearTimeout(timeout);
      stream.abort();
    }
    const listedByA = await eventually(
      async () => (await services(a)).find((s) => s.id === release && s.state === "suspended"),
      `${release} suspended, as A lists it`,
    );
    expect(listedByA.state).toBe("suspended");
  });

  it("a replica killed mid-launch leaves a release the other shows with its reason and deletes", async () => {
    const name = `${prefix}slow`.replace(/-$/, "").slice(0, 40);
    const put = launch(a, {
      catalogId: "slow",
      packageName: "slow-hook",
      packageVersion: "0.1.0",
      name,
      friendlyName: "killed mid-launch",
      options: {},
    }).catch((error: unknown) => error);
    // helm has recorded the release and is waiting on its hook: kill A and its helm.
    await eventually(
      async () =>
        (await helmSecrets(ns, name)).find((s) => s.metadata.labels.status === "pending-install"),
      `helm's pending-install record of ${name}`,
      60_000,
    );
    killGroup(a);
    expect(await put).toBeInstanceOf(Error);

    const shown = await eventually(
      async () => (await services(b)).find((s) => s.id === name),
      `${name} listed by B`,
    );
    expect(shown.status).toBe("pending-install");
    expect(["starting", "failed"]).toContain(shown.state);
    expect(shown.stateReason).toMatch(/interrupted: delete the service and launch it again/);
    expect(shown.friendlyName).toBe("killed mid-launch");

    const deleted = await fetch(`${b.url}/api/my-lab/app?path=${name}`, { method: "DELETE" });
    expect(deleted.status, await deleted.clone().text()).toBe(200);
    expect(await helmSecrets(ns, name)).toEqual([]);
    await eventually(
      async () => ((await services(b)).some((s) => s.id === name) ? undefined : true),
      `${name} gone from B's list`,
    );
    const records = await admin.get(
      `/api/v1/namespaces/${ns}/secrets?fieldSelector=type%3Donyxia.sh%2Frelease.v1`,
    );
    expect(records.items.map((s: Loose) => s.metadata.name).join()).not.toContain(name);
  });
});
