// A launch/edit/delete world without a cluster: the real example catalogs (local folders), the
// built-in schemas, fake Kubernetes and helm ports, recorded events, and callers.
import { builtInSchemas, createSchemaRegistry, type LifecycleEvent } from "@onyxia-ts/core";
import { createCatalogRuntime, type CatalogRuntime } from "../../src/catalogs/index.ts";
import { callerOf, type Caller } from "../../src/domain/caller.ts";
import { QuotaReservations } from "../../src/features/quota/index.ts";
import type { ReleaseDeps } from "../../src/features/releases/index.ts";
import { actingCallerWith, type ActingCaller } from "../../src/platform/acting-caller.ts";
import type { EventSink } from "../../src/platform/ports.ts";
import { kubeIdentityFor, projectsFor, type User } from "../../src/user/index.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm, type FakeHelm } from "./fake-helm.ts";
import { fakeKubernetes, type FakeKubernetes } from "./fake-kubernetes.ts";

export interface World {
  kube: FakeKubernetes;
  helm: FakeHelm;
  events: Omit<LifecycleEvent, "timestamp">[];
  deps: ReleaseDeps;
  catalogs: CatalogRuntime;
  /** The user acting in their personal project, or in the group project `group`. */
  caller(idep: string, options?: { group?: string; groups?: string[] }): ActingCaller;
  close(): Promise<void>;
}

export const person = (idep: string, groups: string[] = []): User => ({
  idep,
  email: `${idep}@example.org`,
  nomComplet: idep,
  ip: "127.0.0.1",
  groups,
  roles: [],
  attributes: {},
});

export async function createWorld(
  overrides: Parameters<typeof lifecycleConfig>[0] = {},
): Promise<World> {
  const config = lifecycleConfig(overrides);
  const catalogs = createCatalogRuntime(config.catalogs, { refreshMs: 0 });
  await catalogs.start();
  const kube = fakeKubernetes();
  const helm = fakeHelm(kube);
  const events: World["events"] = [];
  const sink: EventSink = Object.assign(
    (e: Omit<LifecycleEvent, "timestamp">) => void events.push(e),
    {
      pending: async () => undefined,
    },
  );
  let n = 0;
  const deps: ReleaseDeps = {
    catalogs,
    schemas: createSchemaRegistry({ builtIn: builtInSchemas }),
    helm,
    events: sink,
    random: () => (n++ % 10) / 10 + 0.0123,
    quotaReservations: new QuotaReservations(),
  };
  const region = config.regions[0]!;
  return {
    kube,
    helm,
    events,
    deps,
    catalogs,
    caller(idep, options = {}) {
      const user = person(idep, options.groups ?? (options.group ? [options.group] : []));
      const projects = projectsFor(user, region, "onyxia");
      const project =
        options.group === undefined
          ? projects[0]!
          : projects.find((p) => p.group === options.group)!;
      const caller: Caller = callerOf({
        user,
        region,
        projects,
        project,
        kube: kubeIdentityFor(user, region),
      });
      return actingCallerWith(caller, kube, undefined);
    },
    close: () => catalogs.stop(),
  };
}
