// Editing a running service (onyxia#352): review the change (values diff, manifest diff, quota),
// apply it with `helm upgrade` (new user values replace the old ones), list the revisions and
// roll back to one. Helm keeps HISTORY_MAX revisions. An edit is one helm process: the release
// as it runs is read from its Helm secret, and the quota is checked, as for a launch, on the
// manifests the upgrade is about to apply (helm's post-renderer) and reserved (quota/).
import {
  lifecycleCommands,
  unifiedDiff,
  valuesChanges,
  type EditDiff,
  type EditRequest,
  type JsonValue,
  type RevisionsResponse,
  type RollbackResponse,
  type UpgradeResponse,
} from "@onyxia-ts/core";
import { stringify } from "yaml";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import { PhaseTimer } from "../../shared/phase-timer.ts";
import { assertValuesMatchSchema } from "../chart-schema/index.ts";
import { manifestResources, namespaceQuotas } from "../quota/index.ts";
import {
  allChecks,
  chartSource,
  commandSource,
  currentRelease,
  exposeDomainCheck,
  followLatestRevision,
  metadataOf,
  releaseChart,
  releaseToManage,
  upgradeQuota,
  type ReleaseDeps,
} from "../releases/index.ts";

type Deps = Pick<ReleaseDeps, "catalogs" | "schemas" | "helm" | "caCertsDir" | "quotaReservations">;

async function prepare(deps: Deps, caller: ActingCaller, body: EditRequest) {
  const record = await releaseToManage(caller.asCaller, caller, body.serviceID, "edit");
  const target = {
    release: record.release,
    namespace: record.namespace,
    identity: caller.identity,
  };
  // Its Helm secret; helm's own reads only when it cannot be decoded.
  const current = await currentRelease(caller.asCaller, record);
  const { found, metadata } = await releaseChart(
    deps,
    caller,
    record,
    body.packageVersion,
    current && metadataOf(current),
  );
  assertValuesMatchSchema(found, deps.schemas, caller.user.roles, body.options, caller.user);
  const source = chartSource(found.catalog, found.chart, deps.caCertsDir);
  const shown = commandSource(found.catalog, found.chart.entry);
  const currentManifest = async () => current?.manifest ?? (await deps.helm.manifest(target));
  return { record, target, found, metadata, source, shown, current, currentManifest };
}

export async function diffEdit(
  deps: Deps,
  caller: ActingCaller,
  body: EditRequest,
): Promise<EditDiff> {
  const p = await prepare(deps, caller, body);
  const [currentValues, currentManifest, rendered, quotas] = await Promise.all([
    p.current?.config ?? deps.helm.values(p.target),
    p.currentManifest(),
    deps.helm.template(
      { release: p.record.release, namespace: p.record.namespace },
      p.source,
      body.options,
    ),
    namespaceQuotas(caller.asCaller, p.record.namespace),
  ]);
  const manifest = unifiedDiff(currentManifest, rendered.manifest, {
    fromLabel: `${p.record.release} revision ${p.metadata.revision} (${p.metadata.chart} ${p.metadata.version})`,
    toLabel: `${p.record.release} edited (${p.found.chart.entry.name} ${p.found.chart.entry.version})`,
  });
  let quotaErrors: string[] = [];
  try {
    // What an upgrade would be refused for now, this server's recent reservations included.
    deps.quotaReservations.check(
      p.record.namespace,
      quotas,
      manifestResources(rendered.manifest),
      manifestResources(currentManifest),
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    quotaErrors = error.errors ?? [error.message];
  }
  return {
    serviceID: p.record.release,
    chart: {
      from: `${p.metadata.chart}-${p.metadata.version}`,
      to: `${p.found.chart.entry.name}-${p.found.chart.entry.version}`,
    },
    values: valuesChanges(currentValues as JsonValue, body.options as JsonValue),
    manifest,
    quota: { fits: quotaErrors.length === 0, errors: quotaErrors },
    commands: [
      lifecycleCommands.valuesFile(stringify(body.options)),
      lifecycleCommands.upgrade(p.record.release, p.shown, p.record.namespace),
    ],
  };
}

export async function applyEdit(
  deps: Deps,
  caller: ActingCaller,
  body: EditRequest,
): Promise<{ result: UpgradeResponse; timer: PhaseTimer }> {
  const timer = new PhaseTimer();
  const p = await timer.time("validate", () => prepare(deps, caller, body));
  // The upgrade's own render goes through the checks (post-renderer); a refusal stops helm
  // before any new revision exists, so the release stays as it was.
  const quota = await timer.time("quota", () =>
    upgradeQuota(deps, caller.asCaller, p.record, p.currentManifest),
  );
  let result;
  try {
    result = await timer.time("install", () =>
      deps.helm.upgrade(
        p.target,
        p.source,
        body.options,
        p.found.catalog.timeout,
        allChecks(exposeDomainCheck(caller.region), quota.check),
      ),
    );
  } catch (error) {
    await quota.failed();
    throw error;
  }
  await timer.time("secret", () =>
    followLatestRevision(caller.asCaller, p.record.namespace, p.record.release),
  );
  return {
    result: {
      serviceID: p.record.release,
      revision: result.revision,
      commands: [
        lifecycleCommands.valuesFile(stringify(body.options)),
        lifecycleCommands.upgrade(p.record.release, p.shown, p.record.namespace),
      ],
    },
    timer,
  };
}

export async function revisions(
  deps: Deps,
  caller: ActingCaller,
  release: string,
): Promise<RevisionsResponse> {
  const record = await releaseToManage(caller.asCaller, caller, release, "inspect");
  const history = await deps.helm.history({
    release,
    namespace: record.namespace,
    identity: caller.identity,
  });
  return {
    serviceID: release,
    revisions: history.map((h) => ({
      revision: h.revision,
      updated: h.updated,
      status: h.status,
      chart: h.chart,
      appVersion: h.app_version,
      description: h.description,
    })),
    commands: [lifecycleCommands.history(release, record.namespace)],
  };
}

export async function rollback(
  deps: Deps,
  caller: ActingCaller,
  release: string,
  revision: number,
): Promise<RollbackResponse> {
  const kube = caller.asCaller;
  const record = await releaseToManage(kube, caller, release, "roll back");
  if (!record.helmSecrets.some((s) => s.revision === revision)) {
    const kept = record.helmSecrets.map((s) => s.revision).join(", ");
    throw new NotFoundError(
      `Revision ${revision} of service ${release} does not exist (kept revisions: ${kept})`,
    );
  }
  await deps.helm.rollback(
    { release, namespace: record.namespace, identity: caller.identity },
    revision,
  );
  await followLatestRevision(kube, record.namespace, release);
  const latest = (
    await deps.helm.history({
      release,
      namespace: record.namespace,
      identity: caller.identity,
    })
  ).at(-1);
  return {
    serviceID: release,
    revision: latest?.revision,
    commands: [lifecycleCommands.rollback(release, revision, record.namespace)],
  };
}
