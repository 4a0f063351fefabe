// Launch, edit, rollback, suspend/resume, rename/share and delete against in-memory Kubernetes
// and helm ports (test/support): the paths and failure paths the stack tests cannot force.
import {
  decodeOnyxiaSecret,
  onyxiaSecretName,
  type KubeSecret,
  type RegionExpose,
} from "@onyxia-ts/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
} from "../../src/domain/errors.ts";
import { applyEdit, diffEdit, revisions, rollback } from "../../src/features/edit/index.ts";
import { launch } from "../../src/features/launch/index.ts";
import {
  attachRecordToRevision,
  confirmRecord,
  exposeDomainCheck,
  LAUNCH_STAMP_ANNOTATION,
  RECORD_RECHECK_AFTER_MS,
  RECORD_STALE_AFTER_MS,
  recordAgeMs,
  recordBeforeInstall,
  removeRecord,
} from "../../src/features/releases/index.ts";
import {
  setSuspended,
  uninstall,
  uninstallAll,
  updateMeta,
} from "../../src/features/release-actions/index.ts";
import { domainProblem } from "../../src/http/error-handler.ts";
import { toDomainError } from "../../src/platform/translate-errors.ts";
import { HelmError } from "../../src/helm/index.ts";
import type { HelmPort } from "../../src/platform/ports.ts";
import { renderDeployment } from "../support/fake-helm.ts";
import { createWorld, type World } from "../support/world.ts";

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(() => world.close());

const pg = { catalogId: "examples", packageName: "postgres-lite", packageVersion: "1.2.0" };
const secrets = (ns: string) => `/api/v1/namespaces/${ns}/secrets`;
const helmSecretsOf = (ns: string, release: string) =>
  world.kube
    .under(secrets(ns))
    .filter((s) => s.metadata?.labels?.owner === "helm" && s.metadata.labels.name === release);
const onyxiaSecret = (ns: string, release: string) =>
  world.kube.objects.get(`${secrets(ns)}/${onyxiaSecretName(release)}`);
const metaOf = (ns: string, release: string) =>
  decodeOnyxiaSecret(onyxiaSecret(ns, release) as KubeSecret);
/** Backdates a record's creation and its launch's stamp by `ms`. */
function age(ns: string, release: string, ms: number) {
  const metadata = onyxiaSecret(ns, release)!.metadata!;
  const then = new Date(Date.now() - ms).toISOString();
  metadata.creationTimestamp = then;
  metadata.annotations = { ...metadata.annotations, [LAUNCH_STAMP_ANNOTATION]: then };
}
/** user-alice with a quota of `hard` cpu, none of it used. */
async function emptyCpuQuota(hard: string) {
  await world.kube.apply("/api/v1/namespaces/user-alice", { metadata: { name: "user-alice" } });
  await world.kube.apply("/api/v1/namespaces/user-alice/resourcequotas/small", {
    metadata: { name: "small" },
    spec: { hard: { "requests.cpu": hard } },
    status: { hard: { "requests.cpu": hard }, used: { "requests.cpu": "0" } },
  });
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("launch", () => {
  it("creates the namespace, installs with the caller's identity and records ownership", async () => {
    const alice = world.caller("alice");
    const result = await launch(world.deps, alice, {
      ...pg,
      name: "pg-1",
      friendlyName: "My DB",
      options: {},
    });
    expect(result.release).toBe("pg-1");
    expect(result.revision).toBe(1);
    expect(world.kube.objects.has("/api/v1/namespaces/user-alice")).toBe(true);
    expect(helmSecretsOf("user-alice", "pg-1")).toHaveLength(1);
    expect(metaOf("user-alice", "pg-1")).toMatchObject({
      owner: "alice",
      friendlyName: "My DB",
      share: false,
    });
    expect(world.events.map((e) => e.type)).toEqual([
      "onboarding.createNamespace",
      "service.install",
    ]);
    expect(result.commands.at(-1)).toContain("helm install pg-1");
    // After the answer, the record becomes owned by Helm's revision (deleted with the release).
    await result.recordAttached;
    expect(onyxiaSecret("user-alice", "pg-1")!.metadata!.ownerReferences).toEqual([
      expect.objectContaining({ uid: helmSecretsOf("user-alice", "pg-1")[0]!.metadata!.uid }),
    ]);
  });

  it("does not undo an edit that reached the record before the launch's attach did", async () => {
    const alice = world.caller("alice");
    const result = await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    await result.recordAttached;
    // The record as the launch left it, then an edit: the record follows revision 2.
    const launchedVersion = onyxiaSecret("user-alice", "pg-1")!.metadata!.resourceVersion;
    await applyEdit(world.deps, alice, {
      serviceID: "pg-1",
      options: { resources: { requests: { cpu: "200m" } } },
    });
    // The launch's attach arriving only now (it runs after the answer, on a slow API server):
    // its patch is conditional on the record it left, so it fails and the record follows the
    // latest revision instead of being owned by the first one alone (helm prunes it later).
    await attachRecordToRevision(world.kube, "user-alice", "pg-1", 1, launchedVersion);
    const v2 = helmSecretsOf("user-alice", "pg-1").find(
      (x) => x.metadata?.labels?.version === "2",
    )!;
    const refs = onyxiaSecret("user-alice", "pg-1")!.metadata!.ownerReferences as { uid: string }[];
    expect(refs.map((r) => r.uid)).toContain(v2.metadata!.uid);
  });

  it("refuses values that break the chart's schema before any helm or Kubernetes call", async () => {
    const error = await failure(
      launch(world.deps, world.caller("alice"), {
        ...pg,
        name: "pg-1",
        options: { global: { suspend: "yes" } },
      }),
    );
    expect(error).toBeInstanceOf(InvalidError);
    expect(error).toMatchObject({ title: "Validation failed" });
    expect((error as InvalidError).errors).toContain("/global/suspend: must be boolean");
    expect(world.helm.calls).toEqual([]);
    expect(world.kube.calls).toEqual([]);
  });

  it("refuses with 409 Quota exceeded when the release does not fit, installing nothing", async () => {
    await world.kube.apply("/api/v1/namespaces/user-alice", { metadata: { name: "user-alice" } });
    await world.kube.apply("/api/v1/namespaces/user-alice/resourcequotas/small", {
      metadata: { name: "small" },
      spec: { hard: { "requests.cpu": "150m" } },
      status: { hard: { "requests.cpu": "150m" }, used: { "requests.cpu": "100m" } },
    });
    const error = await failure(
      launch(world.deps, world.caller("alice"), { ...pg, name: "pg-1", options: {} }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(domainProblem(error as ConflictError)).toMatchObject({
      status: 409,
      title: "Quota exceeded",
    });
    expect((error as ConflictError).errors?.join()).toMatch(/requests\.cpu.*ResourceQuota small/);
    // One helm call: the quota is checked in the install's own render (post-renderer).
    expect(world.helm.calls.map((c) => c.operation)).toEqual(["install"]);
    expect(helmSecretsOf("user-alice", "pg-1")).toEqual([]);
  });

  it("lets only as many simultaneous launches in a namespace pass the quota as fit together", async () => {
    // Kubernetes counts pods in `used` only once they exist, after helm returns: in the fakes
    // `used` never grows, as for launches a moment apart on a real cluster.
    await emptyCpuQuota("250m");
    const alice = world.caller("alice");
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        launch(world.deps, alice, { ...pg, name: `pg-${i}`, options: {} }).then(
          (r) => r.release,
          (e: unknown) => e,
        ),
      ),
    );
    // 100m each: two fit in 250m, the other two are refused before anything exists.
    const refused = outcomes.filter((o) => o instanceof ConflictError);
    expect(outcomes.filter((o) => typeof o === "string")).toHaveLength(2);
    expect(refused).toHaveLength(2);
    expect((refused[0] as ConflictError).errors?.join()).toMatch(
      /requests\.cpu: the service asks for 100m but only 50m of 250m is left \(200m used\)/,
    );
    expect([...world.helm.releases.keys()]).toHaveLength(2);
    // A launch a moment later still counts them (their pods may not exist yet).
    const later = await failure(launch(world.deps, alice, { ...pg, name: "pg-5", options: {} }));
    expect(later).toBeInstanceOf(ConflictError);
  });

  it("gives a failed install's quota reservation back", async () => {
    await emptyCpuQuota("150m");
    const alice = world.caller("alice");
    // helm accepts the manifests (the reservation is made), then fails applying them.
    const failingHelm: HelmPort = {
      ...world.helm,
      async install(t, _source, values, _timeout, check) {
        await check?.(renderDeployment(t.release, values as Record<string, unknown>));
        throw new HelmError("failed to install: the API server went away", "went away", 1);
      },
    };
    const failed = await failure(
      launch({ ...world.deps, helm: failingHelm }, alice, { ...pg, name: "pg-1", options: {} }),
    );
    expect((failed as Error).message).toContain("went away");
    const second = await launch(world.deps, alice, { ...pg, name: "pg-2", options: {} });
    expect(second.release).toBe("pg-2");
  });

  it("leaves no release and no record when helm fails mid-install", async () => {
    world.helm.failOn("install");
    const error = await failure(
      launch(world.deps, world.caller("alice"), { ...pg, name: "pg-1", options: {} }),
    );
    expect(domainProblem(toDomainError(error) as InvalidError)).toMatchObject({
      status: 400,
      title: "Helm failed",
    });
    expect(helmSecretsOf("user-alice", "pg-1")).toEqual([]);
    expect(onyxiaSecret("user-alice", "pg-1")).toBeUndefined();
    expect(world.events.map((e) => e.type)).not.toContain("service.install");
  });

  it("installs nothing when its ownership record cannot be created (the record comes first)", async () => {
    world.kube.failOn("create", /\/namespaces\/user-alice\/secrets$/);
    const error = await failure(
      launch(world.deps, world.caller("alice"), { ...pg, name: "pg-1", options: {} }),
    );
    // helm runs while the record is written; its post-render check refuses: nothing is applied.
    expect((error as Error).message).toContain("injected failure");
    expect(world.helm.releases.size).toBe(0);
    expect(helmSecretsOf("user-alice", "pg-1")).toEqual([]);
  });

  it("lets helm apply only once the record exists, though both start together", async () => {
    let recordWhenApplied: unknown;
    let recordWhenStarted: unknown;
    const watchingHelm: HelmPort = {
      ...world.helm,
      async install(t, source, values, timeout, check) {
        recordWhenStarted = onyxiaSecret("user-alice", t.release);
        // The post-renderer at once, before the record's writes are through.
        await check?.(renderDeployment(t.release, values as Record<string, unknown>));
        recordWhenApplied = onyxiaSecret("user-alice", t.release);
        return world.helm.install(t, source, values, timeout);
      },
    };
    // The record's write takes a while (a busy API server).
    const withHeaders = world.kube.withHeaders.bind(world.kube);
    world.kube.withHeaders = (headers) => {
      const port = withHeaders(headers);
      const create = port.create.bind(port);
      port.create = async (...args: Parameters<typeof create>) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return create(...args);
      };
      return port;
    };
    const alice = world.caller("alice");
    await launch({ ...world.deps, helm: watchingHelm }, alice, {
      ...pg,
      name: "pg-1",
      options: {},
    });
    expect(recordWhenStarted).toBeUndefined();
    expect(recordWhenApplied).toBeDefined();
    expect(metaOf("user-alice", "pg-1")).toMatchObject({ owner: "alice" });
  });

  it("refuses with the record's reason when helm also fails, and keeps the other's record", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", friendlyName: "First", options: {} });
    // helm fails before its post-renderer (a render error) while the record finds the name taken.
    const renderFails: HelmPort = {
      ...world.helm,
      async install() {
        throw new HelmError("chart postgres-lite 1.2.0 failed to install: template error", "x", 1);
      },
    };
    const error = await failure(
      launch({ ...world.deps, helm: renderFails }, alice, { ...pg, name: "pg-1", options: {} }),
    );
    expect(domainProblem(toDomainError(error) as ConflictError)).toMatchObject({
      status: 409,
      title: "Release name in use",
    });
    expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: "First" });
  });

  it("removes the record when the install fails, and keeps another's record on a taken name", async () => {
    const alice = world.caller("alice");
    world.helm.failOn("install");
    await failure(launch(world.deps, alice, { ...pg, name: "pg-9", options: {} }));
    expect(onyxiaSecret("user-alice", "pg-9")).toBeUndefined();
    world.helm.clearFailures();
    await launch(world.deps, alice, { ...pg, name: "pg-9", friendlyName: "First", options: {} });
    await failure(
      launch(world.deps, alice, { ...pg, name: "pg-9", friendlyName: "Second", options: {} }),
    );
    expect(metaOf("user-alice", "pg-9")).toMatchObject({ friendlyName: "First" });
  });

  it("replaces a stale record left by a launch that died before its install, with one read fewer", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    // Its release gone (helm uninstall outside the API), its record left behind, stamped long ago.
    for (const s of helmSecretsOf("user-alice", "pg-1"))
      await world.kube.remove(`${secrets("user-alice")}/${s.metadata!.name}`);
    world.helm.releases.delete("user-alice/pg-1");
    age("user-alice", "pg-1", RECORD_STALE_AFTER_MS + 1000);
    const leftover = onyxiaSecret("user-alice", "pg-1")!.metadata!.uid;
    const reads = world.kube.calls.length;
    await launch(world.deps, alice, { ...pg, name: "pg-1", friendlyName: "Again", options: {} });
    expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: "Again" });
    expect(onyxiaSecret("user-alice", "pg-1")!.metadata!.uid).not.toBe(leftover);
    // A launch without a leftover reads no record before creating one.
    await launch(world.deps, alice, { ...pg, name: "pg-2", options: {} });
    const recordPath = `${secrets("user-alice")}/${onyxiaSecretName("pg-2")}`;
    const before = world.kube.calls.slice(reads).filter((c) => c.path === recordPath);
    expect(before.map((c) => c.method)[0]).not.toBe("get");
  });

  it("never deletes a Secret of the record's name that is not a record", async () => {
    const alice = world.caller("alice");
    await world.kube.apply("/api/v1/namespaces/user-alice", { metadata: { name: "user-alice" } });
    const path = `${secrets("user-alice")}/${onyxiaSecretName("pg-1")}`;
    await world.kube.create(secrets("user-alice"), {
      metadata: { name: onyxiaSecretName("pg-1") },
      type: "Opaque",
      data: { mine: "eA==" },
    });
    const error = await failure(launch(world.deps, alice, { ...pg, name: "pg-1", options: {} }));
    expect(toDomainError(error)).toBeInstanceOf(ConflictError);
    expect(world.kube.objects.get(path)).toMatchObject({ type: "Opaque", data: { mine: "eA==" } });
    expect(world.helm.releases.size).toBe(0);
  });

  describe("two launches of one name", () => {
    const record = {
      release: "pg-1",
      namespace: "user-alice",
      catalogId: "examples",
      owner: "alice",
      friendlyName: "Other",
      share: false,
    };
    const recordPath = `${secrets("user-alice")}/${onyxiaSecretName("pg-1")}`;
    const namespaceExists = () =>
      world.kube.apply("/api/v1/namespaces/user-alice", { metadata: { name: "user-alice" } });

    it("at once: one installs with its record, the other gets 409 before helm applies anything", async () => {
      const alice = world.caller("alice");
      const names = ["First", "Second"];
      const outcomes = await Promise.allSettled(
        names.map((friendlyName) =>
          launch(world.deps, alice, { ...pg, name: "pg-1", friendlyName, options: {} }),
        ),
      );
      const won = outcomes.findIndex((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(won).not.toBe(-1);
      expect(lost).toHaveLength(1);
      const problem = domainProblem(toDomainError(lost[0]!.reason) as ConflictError);
      expect(problem).toMatchObject({ status: 409, title: "Release name in use" });
      expect(problem.detail).toMatch(
        /launch of service pg-1 is in progress in namespace user-alice/,
      );
      // One release, one revision, and its record is the winner's, owned by that revision.
      expect(helmSecretsOf("user-alice", "pg-1")).toHaveLength(1);
      expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: names[won] });
      expect(onyxiaSecret("user-alice", "pg-1")!.metadata!.ownerReferences).toEqual([
        expect.objectContaining({ uid: helmSecretsOf("user-alice", "pg-1")[0]!.metadata!.uid }),
      ]);
    });

    it("a recent record without a release holds the name: 409, the record kept, nothing installed", async () => {
      await namespaceExists();
      await recordBeforeInstall(world.kube, record);
      const before = structuredClone(world.kube.objects.get(recordPath));
      const error = await failure(
        launch(world.deps, world.caller("alice"), { ...pg, name: "pg-1", options: {} }),
      );
      expect((toDomainError(error) as Error).message).toMatch(
        /^A launch of service pg-1 is in progress in namespace user-alice: wait for it to finish, or choose another name/,
      );
      expect(world.kube.objects.get(recordPath)).toEqual(before);
      expect(world.helm.releases.size).toBe(0);
    });

    it("a record created long ago but re-stamped by its launch is not stale", async () => {
      await namespaceExists();
      await recordBeforeInstall(world.kube, record);
      const metadata = world.kube.objects.get(recordPath)!.metadata!;
      metadata.creationTimestamp = new Date(Date.now() - 10 * RECORD_STALE_AFTER_MS).toISOString();
      expect(recordAgeMs(world.kube.objects.get(recordPath)!, Date.now())).toBeLessThan(
        RECORD_STALE_AFTER_MS,
      );
      await expect(
        recordBeforeInstall(world.kube, { ...record, friendlyName: "Mine" }),
      ).rejects.toThrow(/in progress/);
      age("user-alice", "pg-1", RECORD_STALE_AFTER_MS + 1000);
      await recordBeforeInstall(world.kube, { ...record, friendlyName: "Mine" });
      expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: "Mine" });
    });

    it("a stale record changed after it was read is not deleted (delete preconditions)", async () => {
      await namespaceExists();
      await recordBeforeInstall(world.kube, record);
      age("user-alice", "pg-1", RECORD_STALE_AFTER_MS + 1000);
      // Its launch re-stamps it between this launch's read and its delete.
      const get = world.kube.get.bind(world.kube);
      world.kube.get = async <T>(path: string) => {
        const read = await get<T>(path);
        await world.kube.mergePatch(recordPath, {
          metadata: { annotations: { [LAUNCH_STAMP_ANNOTATION]: new Date().toISOString() } },
        });
        return read;
      };
      await expect(
        recordBeforeInstall(world.kube, { ...record, friendlyName: "Mine" }),
      ).rejects.toThrow(/in progress/);
      expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: "Other" });
    });

    it("a failed install deletes only the record it created", async () => {
      const alice = world.caller("alice");
      // While this launch's helm runs, its record is replaced by another launch's (a server
      // whose clock ran ahead, say); then its install fails.
      const replacedThenFails: HelmPort = {
        ...world.helm,
        async install(_t, _source, _values, _timeout, check) {
          await check?.("");
          await world.kube.remove(recordPath);
          await recordBeforeInstall(world.kube, record);
          throw new HelmError("chart postgres-lite 1.2.0 failed to install: boom", "boom", 1);
        },
      };
      await failure(
        launch({ ...world.deps, helm: replacedThenFails }, alice, {
          ...pg,
          name: "pg-1",
          options: {},
        }),
      );
      expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: "Other" });
      const uid = onyxiaSecret("user-alice", "pg-1")!.metadata!.uid!;
      expect(await removeRecord(world.kube, "user-alice", "pg-1", "another-uid")).toBe(false);
      expect(await removeRecord(world.kube, "user-alice", "pg-1", uid)).toBe(true);
      expect(onyxiaSecret("user-alice", "pg-1")).toBeUndefined();
    });

    it("after a long wait for helm, the launch re-stamps its record, or stops if it was replaced", async () => {
      await namespaceExists();
      const held = await recordBeforeInstall(world.kube, record);
      const calls = world.kube.calls.length;
      await confirmRecord(world.kube, "user-alice", "pg-1", held);
      expect(world.kube.calls.length).toBe(calls);
      // Helm waited for a slot: one write, conditional on the record's resourceVersion.
      age("user-alice", "pg-1", RECORD_STALE_AFTER_MS + 1000);
      held.checkedAt -= RECORD_RECHECK_AFTER_MS + 1;
      const version = held.resourceVersion;
      await confirmRecord(world.kube, "user-alice", "pg-1", held);
      expect(world.kube.calls.slice(calls).map((c) => c.method)).toEqual(["mergePatch"]);
      expect(held.resourceVersion).not.toBe(version);
      expect(recordAgeMs(world.kube.objects.get(recordPath)!, Date.now())).toBeLessThan(1000);
      // Replaced meanwhile: the launch stops before helm writes anything.
      await world.kube.remove(recordPath);
      await recordBeforeInstall(world.kube, { ...record, friendlyName: "Newer" });
      held.checkedAt -= RECORD_RECHECK_AFTER_MS + 1;
      const error = await failure(confirmRecord(world.kube, "user-alice", "pg-1", held));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(/was replaced by another launch/);
      expect(metaOf("user-alice", "pg-1")).toMatchObject({ friendlyName: "Newer" });
    });
  });

  it("checks a namespace once for launches that arrive together", async () => {
    const alice = world.caller("alice");
    const launches = ["pg-1", "pg-2", "pg-3", "pg-4"].map((name) =>
      launch(world.deps, alice, { ...pg, name, options: {} }),
    );
    expect((await Promise.all(launches)).map((r) => r.release)).toEqual([
      "pg-1",
      "pg-2",
      "pg-3",
      "pg-4",
    ]);
    const namespaceReads = world.kube.calls.filter(
      (c) => c.method === "get" && c.path === "/api/v1/namespaces/user-alice",
    );
    expect(namespaceReads).toHaveLength(1);
  });

  it("answers 409 'Release name in use' for a name that is taken", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    const error = toDomainError(
      await failure(launch(world.deps, alice, { ...pg, name: "pg-1", options: {} })),
    );
    expect(domainProblem(error as ConflictError)).toMatchObject({
      status: 409,
      title: "Release name in use",
    });
  });
});

describe("edit, rollback", () => {
  beforeEach(async () => {
    await launch(world.deps, world.caller("alice"), { ...pg, name: "pg-1", options: {} });
  });
  const edited = { serviceID: "pg-1", options: { resources: { requests: { cpu: "200m" } } } };

  it("diffs the values and the rendered manifest without changing anything", async () => {
    const diff = await diffEdit(world.deps, world.caller("alice"), edited);
    expect(diff.values).toContainEqual(
      expect.objectContaining({ path: "resources.requests.cpu", after: "200m" }),
    );
    expect(diff.manifest.text).toContain("-              cpu: 100m");
    expect(diff.manifest.text).toContain("+              cpu: 200m");
    expect(diff.quota).toEqual({ fits: true, errors: [] });
    expect(world.helm.releases.get("user-alice/pg-1")).toHaveLength(1);
  });

  it("applies an edit as a new revision that the ownership record follows", async () => {
    const { result } = await applyEdit(world.deps, world.caller("alice"), edited);
    expect(result.revision).toBe(2);
    const latest = helmSecretsOf("user-alice", "pg-1").find(
      (s) => s.metadata?.labels?.version === "2",
    )!;
    const refs = onyxiaSecret("user-alice", "pg-1")?.metadata?.ownerReferences as { uid: string }[];
    expect(refs.map((r) => r.uid)).toContain(latest.metadata?.uid);
  });

  /** user-alice's quota: `hard` cpu, with pg-1's 100m counted as used (its pod runs). */
  async function cpuQuotaWithPg1(hard: string) {
    await world.kube.apply("/api/v1/namespaces/user-alice/resourcequotas/small", {
      metadata: { name: "small" },
      spec: { hard: { "requests.cpu": hard } },
      status: { hard: { "requests.cpu": hard }, used: { "requests.cpu": "100m" } },
    });
  }
  const cpuEdit = (cpu: string) => ({
    serviceID: "pg-1",
    options: { resources: { requests: { cpu } } },
  });

  it("applies an edit in one helm process, the quota checked on the upgrade's own render without counting the release twice", async () => {
    await cpuQuotaWithPg1("250m");
    world.helm.calls.length = 0;
    // 250m - 100m used + 100m that pg-1 frees: 200m fits.
    const { result } = await applyEdit(world.deps, world.caller("alice"), cpuEdit("200m"));
    expect(result.revision).toBe(2);
    expect(world.helm.calls.map((c) => c.operation)).toEqual(["upgrade"]);
  });

  it("refuses an edit that does not fit (409) in the upgrade's render, leaving the release as it was", async () => {
    await cpuQuotaWithPg1("250m");
    world.helm.calls.length = 0;
    const error = await failure(applyEdit(world.deps, world.caller("alice"), cpuEdit("300m")));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors).toEqual([
      "requests.cpu: the service asks for 300m but only 250m of 250m is left (0 used) (ResourceQuota small)",
    ]);
    expect(world.helm.calls.map((c) => c.operation)).toEqual(["upgrade"]);
    expect(world.helm.releases.get("user-alice/pg-1")?.map((r) => r.revision)).toEqual([1]);
    expect(helmSecretsOf("user-alice", "pg-1")).toHaveLength(1);
    // The refused edit reserved nothing: what fits still passes.
    expect(
      (await applyEdit(world.deps, world.caller("alice"), cpuEdit("250m"))).result,
    ).toMatchObject({ revision: 2 });
  });

  it("lets only one of an edit and a launch pass when each fits alone but not together", async () => {
    // 300m, 100m used by pg-1: the edit (+150m) or the launch (100m) fits, not both.
    await cpuQuotaWithPg1("300m");
    const alice = world.caller("alice");
    const outcomes = await Promise.all([
      applyEdit(world.deps, alice, cpuEdit("250m")).then(
        () => "edited",
        (e: unknown) => e,
      ),
      launch(world.deps, alice, { ...pg, name: "pg-2", options: {} }).then(
        () => "launched",
        (e: unknown) => e,
      ),
    ]);
    const refused = outcomes.filter((o) => o instanceof ConflictError);
    expect(refused).toHaveLength(1);
    expect((refused[0] as ConflictError).errors?.join()).toMatch(
      /requests\.cpu: .* of 300m is left/,
    );
    expect(outcomes.filter((o) => typeof o === "string")).toHaveLength(1);
  });

  it("reviews an edit counting a launch whose pods Kubernetes does not count yet", async () => {
    await cpuQuotaWithPg1("250m");
    const alice = world.caller("alice");
    expect((await diffEdit(world.deps, alice, cpuEdit("200m"))).quota.fits).toBe(true);
    await launch(world.deps, alice, { ...pg, name: "pg-2", options: {} });
    // `used` still says 100m: pg-2's 100m reserved counts, so 200m for pg-1 no longer fits.
    expect((await diffEdit(world.deps, alice, cpuEdit("200m"))).quota).toEqual({
      fits: false,
      errors: [
        "requests.cpu: the service asks for 200m but only 150m of 250m is left (100m used) (ResourceQuota small)",
      ],
    });
  });

  it("rolls back to a kept revision, and names the kept ones for an unknown revision", async () => {
    await applyEdit(world.deps, world.caller("alice"), edited);
    const back = await rollback(world.deps, world.caller("alice"), "pg-1", 1);
    expect(back.revision).toBe(3);
    expect(world.helm.releases.get("user-alice/pg-1")?.at(-1)?.values).toEqual({});
    const error = await failure(rollback(world.deps, world.caller("alice"), "pg-1", 9));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("kept revisions: 1, 2, 3");
  });
});

describe("a region without a domain to expose services", () => {
  // The test region sets no services.expose.domain: the launch context's k8s.domain is empty.
  const exposed = (hostname: string) => ({ ingress: { enabled: true, hostname } });
  const noDomain = (error: unknown, host: string) => {
    expect(error).toBeInstanceOf(ConflictError);
    expect(domainProblem(error as ConflictError)).toMatchObject({
      status: 409,
      title: "No domain to expose services",
    });
    expect((error as Error).message).toBe(
      `Region "local" has no domain to expose services (services.expose.domain is not set), so this service's host "${host}" is not a valid host name: turn its ingress off, or ask an administrator to set services.expose.domain`,
    );
  };

  it("refuses a launch whose ingress host has no domain before anything is applied, and leaves no record", async () => {
    const alice = world.caller("alice");
    const error = await failure(
      launch(world.deps, alice, { ...pg, name: "pg-1", options: exposed("user-alice-123456.") }),
    );
    noDomain(error, "user-alice-123456.");
    expect(world.helm.calls.map((c) => c.operation)).toEqual(["install"]);
    expect(world.helm.releases.size).toBe(0);
    expect(onyxiaSecret("user-alice", "pg-1")).toBeUndefined();
    // A full host given by the user, or no ingress, needs no region domain.
    await launch(world.deps, alice, { ...pg, name: "pg-2", options: exposed("pg.example.org") });
    await launch(world.deps, alice, { ...pg, name: "pg-3", options: {} });
    expect([...world.helm.releases.keys()].sort()).toEqual(["user-alice/pg-2", "user-alice/pg-3"]);
  });

  it("refuses an edit that would expose such a host, leaving the release as it was", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    const error = await failure(
      applyEdit(world.deps, alice, { serviceID: "pg-1", options: exposed("user-alice-1.") }),
    );
    noDomain(error, "user-alice-1.");
    expect(world.helm.releases.get("user-alice/pg-1")?.map((r) => r.revision)).toEqual([1]);
  });

  it("checks nothing in a region that has a domain", () => {
    const region = world.caller("alice").region;
    expect(exposeDomainCheck(region)).toBeTypeOf("function");
    const withDomain = {
      ...region,
      services: {
        ...region.services,
        expose: { ...region.services.expose, domain: "lab.example.org" } as RegionExpose,
      },
    };
    expect(exposeDomainCheck(withDomain)).toBeUndefined();
  });
});

describe("suspend, resume, rename, share", () => {
  it("suspends and resumes a suspendable service, once", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, {
      ...pg,
      name: "pg-1",
      options: { global: { suspend: false } },
    });
    expect(await setSuspended(world.deps, alice, "pg-1", true)).toMatchObject({
      changed: true,
      revision: 2,
    });
    expect(world.helm.releases.get("user-alice/pg-1")?.at(-1)?.values).toMatchObject({
      global: { suspend: true },
    });
    expect(await setSuspended(world.deps, alice, "pg-1", true)).toMatchObject({ changed: false });
    expect(await setSuspended(world.deps, alice, "pg-1", false)).toMatchObject({
      changed: true,
      revision: 3,
    });
    expect(world.events.map((e) => e.type).slice(-2)).toEqual([
      "service.suspend",
      "service.install",
    ]);
  });

  it("checks and reserves the quota of a resume as for a launch: a resume and a launch cannot both take the last room", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, {
      ...pg,
      name: "pg-1",
      options: { global: { suspend: false } },
    });
    await setSuspended(world.deps, alice, "pg-1", true);
    // Suspended, pg-1 has no pod: 150m, none used.
    await emptyCpuQuota("150m");
    await launch(world.deps, alice, { ...pg, name: "pg-2", options: {} });
    // pg-2's 100m is reserved (its pods may not exist yet): pg-1's 100m does not fit any more.
    const error = await failure(setSuspended(world.deps, alice, "pg-1", false));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors).toEqual([
      "requests.cpu: the service asks for 100m but only 50m of 150m is left (100m used) (ResourceQuota small)",
    ]);
    expect(world.helm.releases.get("user-alice/pg-1")?.at(-1)).toMatchObject({
      revision: 2,
      values: { global: { suspend: true } },
    });
  });

  it("refuses to suspend a service whose values have no global.suspend", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    const error = await failure(setSuspended(world.deps, alice, "pg-1", true));
    expect(error).toMatchObject({ kind: "invalid", title: "Service not suspendable" });
  });

  it("renames and shares through the Onyxia secret, and records an orphan for whoever renames it", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    await updateMeta(world.deps, alice, "pg-1", { friendlyName: "Renamed" });
    await updateMeta(world.deps, alice, "pg-1", { share: true });
    expect(metaOf("user-alice", "pg-1")).toMatchObject({
      friendlyName: "Renamed",
      share: true,
      owner: "alice",
    });

    await world.helm.install(
      { release: "ghost", namespace: "user-alice", identity: {} },
      { kind: "archive", path: "x", chart: "postgres-lite", version: "1.2.0" },
      {},
    );
    await updateMeta(world.deps, alice, "ghost", { friendlyName: "Found" });
    expect(metaOf("user-alice", "ghost")).toMatchObject({
      friendlyName: "Found",
      owner: "alice",
      catalogId: "examples",
    });
  });
});

describe("delete and visibility in a shared (group) namespace", () => {
  const team = { group: "team", groups: ["team"] };
  beforeEach(async () => {
    await launch(world.deps, world.caller("alice", team), { ...pg, name: "a-1", options: {} });
    await launch(world.deps, world.caller("bob", team), {
      ...pg,
      name: "b-1",
      options: { global: { suspend: false } },
    });
    // An orphan: a release without its Onyxia secret (a launch that failed half-way elsewhere).
    await world.helm.install(
      { release: "o-1", namespace: "projet-team", identity: {} },
      { kind: "archive", path: "x", chart: "postgres-lite", version: "1.2.0" },
      {},
    );
  });

  it("answers 404 for another member's private service on every action (it does not exist for them)", async () => {
    const alice = world.caller("alice", team);
    for (const action of [
      uninstall(world.deps, alice, "b-1"),
      setSuspended(world.deps, alice, "b-1", true),
      updateMeta(world.deps, alice, "b-1", { share: true }),
      updateMeta(world.deps, alice, "b-1", { friendlyName: "mine" }),
      applyEdit(world.deps, alice, { serviceID: "b-1", options: {} }),
      diffEdit(world.deps, alice, { serviceID: "b-1", options: {} }),
      revisions(world.deps, alice, "b-1"),
      rollback(world.deps, alice, "b-1", 1),
    ]) {
      const error = await failure(action);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toBe("Service b-1 not found in namespace projet-team");
      expect((error as Error).message).not.toMatch(/bob/);
    }
    expect(helmSecretsOf("projet-team", "b-1")).toHaveLength(1);
  });

  it("refuses changes to a service shared with the project (403, without naming the owner)", async () => {
    await updateMeta(world.deps, world.caller("bob", team), "b-1", { share: true });
    const alice = world.caller("alice", team);
    for (const action of [
      uninstall(world.deps, alice, "b-1"),
      setSuspended(world.deps, alice, "b-1", true),
      applyEdit(world.deps, alice, { serviceID: "b-1", options: {} }),
    ]) {
      const error = await failure(action);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toMatch(
        /^Service b-1 is shared with the project; only its owner may \w+/,
      );
    }
  });

  it("deletes one service with its record, and 404 for an unknown one", async () => {
    const bob = world.caller("bob", team);
    expect(await uninstall(world.deps, bob, "b-1")).toMatchObject({ path: "b-1", success: true });
    expect(helmSecretsOf("projet-team", "b-1")).toEqual([]);
    expect(onyxiaSecret("projet-team", "b-1")).toBeUndefined();
    expect(world.events.at(-1)).toMatchObject({ type: "service.uninstall", releaseName: "b-1" });
    expect(await failure(uninstall(world.deps, bob, "b-1"))).toBeInstanceOf(NotFoundError);
  });

  it("bulk-deletes exactly the caller's services and the orphans", async () => {
    const result = await uninstallAll(world.deps, world.caller("alice", team));
    expect(result.success).toBe(true);
    expect([...result.deleted].sort()).toEqual(["a-1", "o-1"]);
    expect(helmSecretsOf("projet-team", "b-1")).toHaveLength(1);
    expect(world.helm.releases.has("projet-team/a-1")).toBe(false);
  });
});
