// The services write side against the local cluster, through buildApp + app.inject: launches of
// every example chart with their Helm release and Onyxia secret, refusals that leave nothing
// behind, quota pre-check, suspend/resume, rename/share, edit with diff then rollback, delete.
// @stack-components kwok
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  admin,
  decode,
  helmSecrets,
  runPrefix,
  stackApp,
  type Loose,
} from "./lifecycle/stack-app.ts";

const prefix = runPrefix("lc");
const ns = `${prefix}default`;
const tightPrefix = runPrefix("lq");
const tightNs = `${tightPrefix}default`;
let app: FastifyInstance;
const webhook: { server?: http.Server; events: Loose[] } = { events: [] };

beforeAll(async () => {
  webhook.server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      webhook.events.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((resolve) => webhook.server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(webhook.server!.address() as AddressInfo).port}/events`;
  app = await stackApp({
    region: {
      namespacePrefix: prefix,
      quotas: { userEnabled: true, user: { "requests.memory": "64Gi", "count/pods": "50" } },
    },
    // A second region whose namespaces have little memory, chosen with ONYXIA-REGION.
    moreRegions: {
      tight: {
        namespacePrefix: tightPrefix,
        quotas: { userEnabled: true, user: { "requests.memory": "1Gi" } },
      },
    },
    event: { webhook: { enabled: true, url } },
  });
});

afterAll(async () => {
  await app?.close();
  webhook.server?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
  await admin.remove(`/api/v1/namespaces/${tightNs}`);
});

const put = (payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: "PUT", url: "/api/my-lab/app", payload, headers });
const post = (path: string, payload: object) =>
  app.inject({ method: "POST", url: `/api/my-lab/app/${path}`, payload });
const onyxiaSecret = (release: string) =>
  admin.get(`/api/v1/namespaces/${ns}/secrets/sh.onyxia.release.v1.${release}`);

describe("launch", () => {
  it.each([
    ["vscode-lite", "1.0.0", {}],
    ["postgres-lite", "1.2.0", { global: { suspend: false } }],
    ["dashboard", "0.3.0", {}],
  ])(
    "installs %s %s with its Onyxia secret owned by the Helm release",
    async (chart, version, options) => {
      const r = await put({
        catalogId: "examples",
        packageName: chart,
        packageVersion: version,
        friendlyName: `My ${chart}`,
        options,
      });
      expect(r.statusCode, r.body).toBe(200);
      const [manifest] = r.json() as string[];
      expect(manifest).toMatch(/kind: (StatefulSet|Deployment)/);
      const release = String(r.headers["x-onyxia-release"]);
      expect(release).toMatch(new RegExp(`^${chart}-\\d{6}$`));
      expect(String(r.headers["server-timing"])).toMatch(
        /validate;dur=.*secret;dur=.*install;dur=/,
      );

      const [helmSecret] = await helmSecrets(ns, release);
      expect(helmSecret.metadata.name).toBe(`sh.helm.release.v1.${release}.v1`);
      expect(helmSecret.metadata.labels.status).toBe("deployed");
      const secret = await onyxiaSecret(release);
      expect(secret.type).toBe("onyxia.sh/release.v1");
      expect(
        Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, decode(v as string)])),
      ).toEqual({
        catalog: "examples",
        owner: "default",
        friendlyName: `My ${chart}`,
        share: "false",
      });
      // Owned by the revision once the launch's attach (after its answer) is done.
      await vi.waitFor(
        async () =>
          expect((await onyxiaSecret(release)).metadata.ownerReferences).toEqual([
            expect.objectContaining({
              kind: "Secret",
              name: helmSecret.metadata.name,
              uid: helmSecret.metadata.uid,
            }),
          ]),
        { timeout: 10_000, interval: 50 },
      );
    },
  );

  it("created the namespace lazily with its owner label, RoleBinding and quota, and said so to the webhook", async () => {
    const namespace = await admin.get(`/api/v1/namespaces/${ns}`);
    expect(namespace.metadata.labels.onyxia_owner).toBe("default");
    const binding = await admin.get(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/full_control_namespace`,
    );
    expect(binding.roleRef.name).toBe("admin");
    expect(binding.subjects[0]).toMatchObject({ kind: "User", name: "default" });
    const quota = await admin.get(`/api/v1/namespaces/${ns}/resourcequotas/onyxia-quota`);
    expect(quota.spec.hard["requests.memory"]).toBe("64Gi");
    await app.onyxia.platform.events.pending();
    expect(webhook.events.filter((e) => e.type === "onboarding.createNamespace")).toHaveLength(1);
    expect(
      webhook.events
        .filter((e) => e.type === "service.install")
        .map((e) => e.packageName)
        .sort(),
    ).toEqual(["dashboard", "postgres-lite", "vscode-lite"]);
    expect(webhook.events.find((e) => e.type === "service.install")).toMatchObject({
      username: "default",
      namespace: ns,
      catalogId: "examples",
    });
  });

  it("dry run installs nothing", async () => {
    const r = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      name: "pg-dry-run",
      options: {},
      dryRun: true,
    });
    expect(r.statusCode).toBe(200);
    expect((r.json() as string[])[0]).toContain("name: pg-dry-run");
    expect(await helmSecrets(ns, "pg-dry-run")).toEqual([]);
  });

  it("a chart that fails to render: a clear error and no release left", async () => {
    const r = await put({
      catalogId: "test-charts",
      packageName: "broken-render",
      name: "broken-1",
      options: {},
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(
      /^chart broken-render 0\.1\.0 failed to (render|install as broken-1): .*always fails to render/,
    );
    expect(await helmSecrets(ns, "broken-1")).toEqual([]);
  });

  it("a taken release name: 409, the existing release untouched", async () => {
    const first = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      name: "pg-taken",
      options: {},
    });
    expect(first.statusCode).toBe(200);
    const again = await put({
      catalogId: "examples",
      packageName: "vscode-lite",
      name: "pg-taken",
      options: {},
    });
    expect(again.statusCode).toBe(409);
    expect((await helmSecrets(ns, "pg-taken")).map((s) => s.metadata.name)).toEqual([
      "sh.helm.release.v1.pg-taken.v1",
    ]);
  });

  it("when the ownership record cannot be created, nothing is installed and the user's Secret stays", async () => {
    // A real failure: a Secret of the user's already holds the record's name (not a leftover
    // Onyxia record, so it is not replaced): creating the record answers 409 before any install.
    await admin.create(`/api/v1/namespaces/${ns}/secrets`, {
      metadata: { name: "sh.onyxia.release.v1.pg-halfway" },
      stringData: { note: "in the way" },
    });
    const r = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      name: "pg-halfway",
      options: {},
    });
    expect(r.statusCode, r.body).toBe(409);
    expect(await helmSecrets(ns, "pg-halfway")).toEqual([]);
    const kept = (await admin.get(
      `/api/v1/namespaces/${ns}/secrets/sh.onyxia.release.v1.pg-halfway`,
    )) as { data?: Record<string, string> };
    expect(Object.keys(kept.data ?? {})).toEqual(["note"]);
  });

  it("quota exceeded: refused before install, naming the resource and the figures", async () => {
    const r = await put(
      { catalogId: "examples", packageName: "vscode-lite", name: "too-big", options: {} },
      { "onyxia-region": "tight" },
    );
    expect(r.statusCode, r.body).toBe(409);
    const body = r.json();
    expect(body.title).toBe("Quota exceeded");
    expect(body.errors).toEqual([
      "requests.memory: the service asks for 2Gi but only 1Gi of 1Gi is left (0 used) (ResourceQuota onyxia-quota)",
    ]);
    expect(await helmSecrets(tightNs, "too-big")).toEqual([]);
    const small = await put(
      { catalogId: "examples", packageName: "postgres-lite", name: "fits", options: {} },
      { "onyxia-region": "tight" },
    );
    expect(small.statusCode, small.body).toBe(200);
  });

  it("quota and edit: an upgrade that does not fit is refused by helm's post-renderer and changes nothing; one that fits, counting what the release frees, applies", async () => {
    // "fits" (512Mi of the 1Gi, previous test) asks for 1.5Gi: refused before any new revision.
    const upgrade = (memory: string) =>
      app.inject({
        method: "POST",
        url: "/api/my-lab/app/upgrade",
        headers: { "onyxia-region": "tight" },
        payload: { serviceID: "fits", options: { resources: { requests: { memory } } } },
      });
    const refused = await upgrade("1536Mi");
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().title).toBe("Quota exceeded");
    expect(refused.json().errors).toEqual([
      expect.stringMatching(
        /^requests\.memory: the service asks for 1\.5Gi but only 1Gi of 1Gi is left \(0 used\) \(ResourceQuota onyxia-quota\)$/,
      ),
    ]);
    const kept = await helmSecrets(tightNs, "fits");
    expect(kept.map((s) => [s.metadata.labels.version, s.metadata.labels.status])).toEqual([
      ["1", "deployed"],
    ]);
    // 768Mi: more than the 512Mi left, but the 512Mi the release holds now is freed by the upgrade.
    const applied = await upgrade("768Mi");
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().revision).toBe(2);
  });
});

async function launched(chart: string, name: string, options: object = {}) {
  const r = await put({ catalogId: "examples", packageName: chart, name, options });
  expect(r.statusCode, r.body).toBe(200);
  return name;
}

/** POSTGRES_DB of a postgres-lite release, from its Secret. */
const databaseOf = async (release: string) => {
  const secret = (await admin.get(`/api/v1/namespaces/${ns}/secrets`)).items.find(
    (s: Loose) =>
      s.metadata.labels?.["app.kubernetes.io/instance"] === release && s.data?.POSTGRES_DB,
  );
  return decode(secret.data.POSTGRES_DB);
};

const replicas = async (kind: string, name: string) =>
  (await admin.get(`/apis/apps/v1/namespaces/${ns}/${kind}/${name}`)).spec.replicas;

describe("suspend and resume", () => {
  it("scales the StatefulSet to 0 and back, with --reuse-values", async () => {
    const release = await launched("postgres-lite", "pg-suspend", {
      global: { suspend: false },
      auth: { database: "keptdb" },
    });
    const sts = (await admin.get(`/apis/apps/v1/namespaces/${ns}/statefulsets`)).items.find(
      (s: Loose) => s.metadata.labels?.["app.kubernetes.io/instance"] === release,
    );
    expect(sts.spec.replicas).toBe(1);
    const suspended = await post("suspend", { serviceID: release });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json().commands).toEqual([
      `helm upgrade ${release} examples/postgres-lite --namespace ${ns} --reuse-values --set global.suspend=true`,
    ]);
    expect(await replicas("statefulsets", sts.metadata.name)).toBe(0);
    const resumed = await post("resume", { serviceID: release });
    expect(resumed.statusCode).toBe(200);
    expect(await replicas("statefulsets", sts.metadata.name)).toBe(1);
    // The user's other values survived both upgrades.
    expect(await databaseOf(release)).toBe("keptdb");
    // The Onyxia secret follows the newest revision (it must outlive pruned ones).
    const owners = (await onyxiaSecret(release)).metadata.ownerReferences.map((o: Loose) => o.name);
    expect(owners).toContain(`sh.helm.release.v1.${release}.v3`);
    await app.onyxia.platform.events.pending();
    expect(
      webhook.events.some((e) => e.type === "service.suspend" && e.releaseName === release),
    ).toBe(true);
  });

  it("400 when the values have no global.suspend", async () => {
    const release = await launched("postgres-lite", "pg-nosuspend");
    const r = await post("suspend", { serviceID: release });
    expect(r.statusCode).toBe(400);
    expect(r.json().title).toBe("Service not suspendable");
  });

  it("404 for an unknown service, 400 for a malformed id", async () => {
    expect((await post("suspend", { serviceID: "nothing-here" })).statusCode).toBe(404);
    expect((await post("suspend", { serviceID: "bad;id" })).statusCode).toBe(400);
  });
});

describe("rename and share", () => {
  it("patch the Onyxia secret", async () => {
    const release = await launched("postgres-lite", "pg-rename");
    expect(
      (await post("rename", { serviceID: release, friendlyName: "Base d'équipe" })).statusCode,
    ).toBe(200);
    expect((await post("share", { serviceID: release, share: true })).statusCode).toBe(200);
    const data = (await onyxiaSecret(release)).data;
    expect(decode(data.friendlyName)).toBe("Base d'équipe");
    expect(decode(data.share)).toBe("true");
    expect(decode(data.owner)).toBe("default");
  });

  it("create the record for a release that has none", async () => {
    const release = await launched("postgres-lite", "pg-orphan");
    await admin.remove(`/api/v1/namespaces/${ns}/secrets/sh.onyxia.release.v1.${release}`);
    expect((await post("share", { serviceID: release, share: true })).statusCode).toBe(200);
    const data = (await onyxiaSecret(release)).data;
    expect(decode(data.catalog)).toBe("examples");
    expect(decode(data.share)).toBe("true");
  });
});

describe("edit, diff, rollback", () => {
  it("shows the values and manifest diff, applies it, lists revisions and rolls back", async () => {
    const release = await launched("postgres-lite", "pg-edit", { global: { suspend: false } });
    const next = { global: { suspend: false }, auth: { database: "otherdb" } };
    const diff = await post("diff", { serviceID: release, options: next });
    expect(diff.statusCode, diff.body).toBe(200);
    const d = diff.json();
    expect(d.values).toEqual([{ path: "auth.database", kind: "added", after: "otherdb" }]);
    expect(d.manifest.text).toMatch(/^-\s*POSTGRES_DB: "defaultdb"$/m);
    expect(d.manifest.text).toMatch(/^\+\s*POSTGRES_DB: "otherdb"$/m);
    expect(d.manifest.added).toBeGreaterThan(0);
    expect(d.quota).toEqual({ fits: true, errors: [] });
    expect(d.chart).toEqual({ from: "postgres-lite-1.2.0", to: "postgres-lite-1.2.0" });

    const invalid = await post("upgrade", {
      serviceID: release,
      options: { auth: { database: "Not A Name" } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().title).toBe("Validation failed");

    const up = await post("upgrade", { serviceID: release, options: next });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().revision).toBe(2);
    expect(await databaseOf(release)).toBe("otherdb");

    const revs = await app.inject({
      method: "GET",
      url: `/api/my-lab/app/revisions?serviceId=${release}`,
    });
    expect(revs.json().revisions.map((r: Loose) => [r.revision, r.status])).toEqual([
      [1, "superseded"],
      [2, "deployed"],
    ]);

    expect((await post("rollback", { serviceID: release, revision: 7 })).statusCode).toBe(404);
    const back = await post("rollback", { serviceID: release, revision: 1 });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({
      revision: 3,
      commands: [`helm rollback ${release} 1 --namespace ${ns}`],
    });
    expect(await databaseOf(release)).toBe("defaultdb");
  });
});

describe("delete", () => {
  it("one: {path, success} and the release is gone with its Onyxia secret", async () => {
    const release = await launched("postgres-lite", "pg-delete");
    const r = await app.inject({ method: "DELETE", url: `/api/my-lab/app?path=${release}` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ path: release, success: true });
    expect(await helmSecrets(ns, release)).toEqual([]);
    expect(
      (await app.inject({ method: "DELETE", url: `/api/my-lab/app?path=${release}` })).statusCode,
    ).toBe(404);
  });

  it("bulk: every release of the namespace", async () => {
    const r = await app.inject({ method: "DELETE", url: "/api/my-lab/app?path=all&bulk=true" });
    expect(r.statusCode).toBe(200);
    expect(r.json().success).toBe(true);
    expect(r.json().deleted.length).toBeGreaterThanOrEqual(5);
    expect(
      (await admin.get(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner%3Dhelm`)).items,
    ).toEqual([]);
  });
});

describe("onboarding", () => {
  it("refreshes an existing namespace and leaves a quota marked onyxia_ignore alone", async () => {
    const quotaPath = `/api/v1/namespaces/${ns}/resourcequotas/onyxia-quota`;
    const current = await admin.get(quotaPath);
    current.metadata.annotations = { onyxia_ignore: "true" };
    current.spec.hard["requests.memory"] = "99Gi";
    const replaced = await admin.request("PUT", quotaPath, current);
    expect(replaced.status).toBe(200);
    const r = await app.inject({ method: "POST", url: "/api/onboarding", payload: {} });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ namespace: ns, created: false });
    expect((await admin.get(quotaPath)).spec.hard["requests.memory"]).toBe("99Gi");
  });

  it("403 for a group the user is not in", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/api/onboarding",
      payload: { group: "strangers" },
    });
    expect(r.statusCode).toBe(403);
  });
});
