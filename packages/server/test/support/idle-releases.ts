// What the idle-suspend stack tests share: services launched through the API as the test user,
// known by a short key, and read back as the idle controller left them (the record's annotation)
// and as the API shows them.
import { decodeIdleRecord, IDLE_ANNOTATION, type IdleRecord } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { admin, type Loose } from "../lifecycle/stack-app.ts";

/** Idle suspend on a test's time scale: idle after 20 s, warned 8 s before, sampled every 2 s. */
export const FAST_IDLE_SUSPEND = {
  enabled: true,
  after: "20s",
  warnBefore: "8s",
  cpuBelow: "50m",
  sampleEvery: "2s",
};

export function idleReleases(app: () => FastifyInstance, namespace: string) {
  /** Release name by key. */
  const releases: Record<string, string> = {};
  return {
    releases,
    async launch(
      key: string,
      [catalogId, chart, version]: [string, string, string],
      options: object = {},
    ): Promise<void> {
      const r = await app().inject({
        method: "PUT",
        url: "/api/my-lab/app",
        payload: {
          catalogId,
          packageName: chart,
          packageVersion: version,
          options: { global: { suspend: false }, ...options },
        },
      });
      expect(r.statusCode, r.body).toBe(200);
      releases[key] = String(r.headers["x-onyxia-release"]);
    },
    recordOf: async (key: string): Promise<IdleRecord | undefined> =>
      decodeIdleRecord(
        (
          await admin.get(
            `/api/v1/namespaces/${namespace}/secrets/sh.onyxia.release.v1.${releases[key]}`,
          )
        ).metadata?.annotations?.[IDLE_ANNOTATION],
      ),
    service: async (key: string): Promise<Loose> =>
      (
        await app().inject({ method: "GET", url: `/api/my-lab/app?serviceId=${releases[key]}` })
      ).json(),
  };
}
