// PUT /my-lab/app: validate, make sure the namespace exists, then `helm install` with a check in
// helm's post-renderer that runs on the rendered manifests before anything is applied: it waits
// for the ownership record (the Onyxia secret, written while helm renders) and checks the quota;
// the record is removed if the install fails (only the record this launch created). Written
// before any object exists, the record makes a server killed mid-launch leave a complete service,
// never a release without its friendly name and share flag (the "ghost" releases of onyxia#1011).
// A second launch of the same name while one is in flight gets a 409 from its record, and its
// helm stops at the post-render check (releases/release-record.ts: when a record is a leftover).
import { generateReleaseName, lifecycleCommands, type LaunchRequest } from "@onyxia-ts/core";
import { stringify } from "yaml";
import { ForbiddenError } from "../../domain/errors.ts";
import { failedLaunchOutcome } from "../../platform/metrics-port.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import { toDomainError } from "../../platform/translate-errors.ts";
import { PhaseTimer } from "../../shared/phase-timer.ts";
import { assertValuesMatchSchema, findCatalogChart } from "../chart-schema/index.ts";
import { ensureNamespace, namespaceCommands } from "../onboarding/index.ts";
import { manifestResources, namespaceQuotas } from "../quota/index.ts";
import {
  chartSource,
  commandSource,
  attachRecordToRevision,
  confirmRecord,
  exposeDomainCheck,
  readRelease,
  recordBeforeInstall,
  removeRecord,
  validFriendlyName,
  validReleaseName,
  type ReleaseDeps,
} from "../releases/index.ts";

export interface LaunchResult {
  release: string;
  manifest: string;
  revision: number | undefined;
  commands: string[];
  timer: PhaseTimer;
  /** Settles once the ownership record follows Helm's revision (after an install; never rejects). */
  recordAttached?: Promise<void>;
}

/**
 * Right after a namespace and its RoleBinding are created, the API server's RBAC cache may not
 * know the binding yet: every call made as the caller (quota read, helm install, ownership
 * record) can be refused for a moment. Retried briefly, only for a namespace created just now.
 */
async function withRbacGrace<T>(call: () => Promise<T>, namespaceIsNew: boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const forbidden = toDomainError(error) instanceof ForbiddenError;
      if (!namespaceIsNew || !forbidden || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
    }
  }
}

/** Launches, and records the outcome and each phase's duration (`deps.metrics`). */
export async function launch(
  deps: ReleaseDeps,
  caller: ActingCaller,
  body: LaunchRequest,
): Promise<LaunchResult> {
  const timer = new PhaseTimer();
  try {
    const result = await timedLaunch(deps, caller, body, timer);
    deps.metrics?.launchCompleted(body.dryRun ? "dry-run" : "installed", timer.phases);
    return result;
  } catch (error) {
    deps.metrics?.launchCompleted(failedLaunchOutcome(error), timer.phases);
    throw error;
  }
}

async function timedLaunch(
  deps: ReleaseDeps,
  caller: ActingCaller,
  body: LaunchRequest,
  timer: PhaseTimer,
): Promise<LaunchResult> {
  const namespace = caller.project.namespace;
  const catalogId = body.catalogId ?? "internal";
  const options = body.options ?? {};

  const { found, release } = await timer.time("validate", () => {
    const found = findCatalogChart(
      deps.catalogs,
      caller.user,
      catalogId,
      body.packageName,
      body.packageVersion,
    );
    const release = body.name
      ? validReleaseName(body.name, "release name")
      : generateReleaseName(body.packageName, deps.random);
    if (body.friendlyName) validFriendlyName(body.friendlyName);
    assertValuesMatchSchema(found, deps.schemas, caller.user.roles, options, caller.user);
    return { found, release };
  });
  const source = chartSource(found.catalog, found.chart, deps.caCertsDir);
  const shown = commandSource(found.catalog, found.chart.entry);
  const commands = [
    ...(lifecycleCommands.repoAdd(shown) ? [lifecycleCommands.repoAdd(shown)!] : []),
    lifecycleCommands.valuesFile(stringify(options)),
  ];

  if (body.dryRun) {
    const { manifest, queuedMs } = await timer.time("render", () =>
      deps.helm.template({ release, namespace }, source, options),
    );
    timer.move("render", "helm-queue", queuedMs);
    return {
      release,
      manifest,
      revision: undefined,
      commands: [...commands, lifecycleCommands.template(release, shown, namespace)],
      timer,
    };
  }

  const nsRequest = {
    namespace,
    owner: caller.owner,
    region: caller.region,
    roles: caller.user.roles,
    attributes: caller.user.attributes,
    serverAccess: caller.serverAccess,
  };
  const { created } = await timer.time("namespace", () =>
    ensureNamespace(caller.server, nsRequest),
  );
  if (created) {
    commands.unshift(...namespaceCommands(nsRequest));
    deps.events({
      type: "onboarding.createNamespace",
      username: caller.user.idep,
      namespace,
      region: caller.region.id,
    });
  }

  const target = { release, namespace, identity: caller.identity };
  const friendlyName = body.friendlyName || body.packageName;
  // The ownership record and the quota read go out while helm starts and renders, instead of
  // before it (two API round trips off every launch's path): the post-render check below waits
  // for both before it lets helm apply anything. So the record still exists before any object
  // does (a crash during the install leaves a complete service), and a refused or failed
  // record stops helm before anything exists.
  const recorded = timer.time("secret", () =>
    withRbacGrace(
      () =>
        recordBeforeInstall(caller.asCaller, {
          release,
          namespace,
          catalogId,
          owner: caller.user.idep,
          friendlyName,
          share: body.share ?? false,
        }),
      created,
    ),
  );
  const quotasRead = timer.time("quota", () =>
    withRbacGrace(() => namespaceQuotas(caller.asCaller, namespace), created),
  );
  // Settled below, whatever helm does; until then no rejection may go unhandled.
  recorded.catch(() => undefined);
  quotasRead.catch(() => undefined);
  // The quota check sees the manifests helm is about to apply (its post-renderer), in the same
  // helm process as the install: one render, and a refusal stops helm before anything exists.
  // It reserves what it accepts, so the next launch in the namespace counts it even before its
  // pods exist (features/quota/quota-reservations.ts: what holds within and across replicas).
  let cancelReservation: (() => void) | undefined;
  const exposeCheck = exposeDomainCheck(caller.region);
  const beforeApply = async (manifest: string) => {
    // Still this launch's record, just before helm writes its release (no API call unless helm
    // waited long for a slot).
    await confirmRecord(caller.asCaller, namespace, release, await recorded);
    await exposeCheck?.(manifest);
    const quotas = await quotasRead;
    if (quotas.length === 0) return;
    // A retried install (withRbacGrace) checks again: its reservation replaces the last one.
    cancelReservation?.();
    cancelReservation = deps.quotaReservations.reserve(
      namespace,
      quotas,
      manifestResources(manifest),
    );
  };

  let installed;
  try {
    installed = await timer.time("install", () =>
      withRbacGrace(
        () => deps.helm.install(target, source, options, found.catalog.timeout, beforeApply),
        created,
      ),
    );
  } catch (error) {
    // The record's own failure (a name in use, no rights) is the reason, if it failed.
    const record = await recorded.then(
      (held) => ({ held }),
      (e: unknown) => ({ failure: e ?? new Error("the ownership record failed") }),
    );
    if ("failure" in record) throw record.failure;
    // No release under this name: its record (if still the one it created: a precondition on
    // its uid) and its quota reservation go too.
    if (!(await readRelease(caller.asCaller, namespace, release).catch(() => undefined))) {
      cancelReservation?.();
      await removeRecord(caller.asCaller, namespace, release, record.held.uid).catch(
        () => undefined,
      );
    }
    throw error;
  }
  // The wait for a free helm slot is reported apart: it is load, not helm's own time; so is
  // where helm's own time went (render, the post-render check, apply).
  timer.move("install", "helm-queue", installed.queuedMs);
  for (const [phase, ms] of Object.entries(installed.phases ?? {}))
    timer.move("install", phase, ms);
  // The record follows Helm's revision (deleted with it). The launch is complete without it (a
  // failure here loses nothing but that cascade), so it is done after the answer: its two calls
  // (a read, a conditional patch) are off the launch's path.
  const held = await recorded;
  const recordAttached = attachRecordToRevision(
    caller.asCaller,
    namespace,
    release,
    installed.revision,
    held.resourceVersion,
  ).catch(() => undefined);
  deps.events({
    type: "service.install",
    username: caller.user.idep,
    namespace,
    releaseName: release,
    packageName: body.packageName,
    catalogId,
    friendlyName,
  });
  return {
    release,
    manifest: installed.manifest,
    revision: installed.revision,
    commands: [...commands, lifecycleCommands.install(release, shown, namespace)],
    timer,
    recordAttached,
  };
}
