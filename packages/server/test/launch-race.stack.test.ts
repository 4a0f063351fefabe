// Two launches of one explicit name at once, against the local cluster: exactly one installs,
// the other answers 409, and the release keeps the winner's ownership record (before, the second
// launch replaced the first's record and the failing one then deleted the winner's). A recent
// record without a release holds its name; a stale one (a launch that died before its install)
// is still replaced; a delete with a uid precondition leaves another launch's record.
// @stack-components kwok
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../stack/lib/testing/kube.ts";
import {
  LAUNCH_STAMP_ANNOTATION,
  RECORD_STALE_AFTER_MS,
  removeRecord,
} from "../src/features/releases/index.ts";
import {
  admin,
  decode,
  helmSecrets,
  runPrefix,
  stackApp,
  type Loose,
} from "./lifecycle/stack-app.ts";

const prefix = runPrefix("rr");
const ns = `${prefix}default`;
let app: FastifyInstance;

beforeAll(async () => {
  app = await stackApp({ region: { namespacePrefix: prefix } });
  // The namespace first, so each test can write into it whichever runs.
  const r = await app.inject({ method: "POST", url: "/api/onboarding", payload: {} });
  expect(r.statusCode, r.body).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
});

const put = (name: string, friendlyName: string) =>
  app.inject({
    method: "PUT",
    url: "/api/my-lab/app",
    payload: {
      catalogId: "examples",
      packageName: "postgres-lite",
      packageVersion: "1.2.0",
      name,
      friendlyName,
      options: {},
    },
  });
const recordPath = (release: string) =>
  `/api/v1/namespaces/${ns}/secrets/sh.onyxia.release.v1.${release}`;
const record = (release: string): Promise<Loose> => admin.get(recordPath(release));

/** An Onyxia record as a launch writes it, stamped `agoMs` ago, created by the admin. */
const leftover = (release: string, agoMs: number) =>
  admin.create(`/api/v1/namespaces/${ns}/secrets`, {
    metadata: {
      name: `sh.onyxia.release.v1.${release}`,
      annotations: { [LAUNCH_STAMP_ANNOTATION]: new Date(Date.now() - agoMs).toISOString() },
    },
    type: "onyxia.sh/release.v1",
    stringData: { catalog: "examples", owner: "someone", friendlyName: "Left", share: "false" },
  });

describe("two launches of one name at once", () => {
  it.each(["race-1", "race-2", "race-3"])(
    "%s: one installs, the other gets 409, and the release keeps the winner's record",
    async (name) => {
      const friendlyNames = [`${name} first`, `${name} second`];
      const answers = await Promise.all(friendlyNames.map((f) => put(name, f)));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      const won = answers.findIndex((a) => a.statusCode === 200);
      const lost = answers[1 - won]!.json() as { title: string; detail: string };
      expect(lost.title).toBe("Release name in use");
      // "in progress" (its record lost the race) or "already exists" (the winner had installed
      // before this one looked): either way it names the service and the namespace.
      expect(lost.detail).toMatch(
        new RegExp(
          `^(A launch of service ${name} is in progress|Service ${name} already exists) in namespace ${ns}`,
        ),
      );
      const revisions = await helmSecrets(ns, name);
      expect(revisions).toHaveLength(1);
      const kept = await record(name);
      expect(decode(kept.data.friendlyName)).toBe(friendlyNames[won]);
      // Owned by that revision once the launch's attach (after its answer) is done.
      const owners = await eventually(async () => {
        const refs = (await record(name)).metadata.ownerReferences;
        if (!refs) throw new Error(`${name}'s record has no owner yet`);
        return refs;
      }, 10_000);
      expect(owners).toEqual([expect.objectContaining({ uid: revisions[0].metadata.uid })]);
      // The listing shows it as the winner's, not as an orphan.
      const listed = await eventually(async () => {
        const r = await app.inject({ method: "GET", url: "/api/my-lab/services" });
        const s = (r.json() as { apps: Loose[] }).apps.find((x) => x.id === name);
        if (!s) throw new Error(`${name} not listed yet`);
        return s;
      }, 30_000);
      expect(listed).toMatchObject({ friendlyName: friendlyNames[won], orphan: false });
    },
  );
});

describe("a record without a release", () => {
  it("holds its name while recent: 409 naming the service and namespace, the record kept", async () => {
    const before = await leftover("race-fresh", 0);
    const r = await put("race-fresh", "Mine");
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().detail).toMatch(
      new RegExp(`^A launch of service race-fresh is in progress in namespace ${ns}`),
    );
    expect((await record("race-fresh")).metadata.uid).toBe(before.metadata.uid);
    expect(await helmSecrets(ns, "race-fresh")).toEqual([]);
  });

  it("is replaced once stale (a launch that died before its install)", async () => {
    const before = await leftover("race-stale", RECORD_STALE_AFTER_MS + 60_000);
    const r = await put("race-stale", "Mine");
    expect(r.statusCode, r.body).toBe(200);
    const after = await record("race-stale");
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(decode(after.data.friendlyName)).toBe("Mine");
    expect(await helmSecrets(ns, "race-stale")).toHaveLength(1);
  });
});

describe("deleting a record with a uid precondition", () => {
  it("leaves a record of another uid, deletes its own", async () => {
    const kube = (await app.onyxia.platform.region(app.onyxia.config.regions[0]!)).kube;
    const mine = await leftover("race-delete", 0);
    const other = mine.metadata.uid.replace(/.$/, (c: string) => (c === "0" ? "1" : "0"));
    expect(await removeRecord(kube, ns, "race-delete", other)).toBe(false);
    expect((await record("race-delete")).metadata.uid).toBe(mine.metadata.uid);
    expect(await removeRecord(kube, ns, "race-delete", mine.metadata.uid)).toBe(true);
    expect((await admin.request("GET", recordPath("race-delete"))).status).toBe(404);
  });
});
