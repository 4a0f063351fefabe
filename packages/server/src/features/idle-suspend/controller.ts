// The idle controller (issue 17): every `sampleEvery`, the replica holding the Lease reads CPU
// per release, decides (core `decideIdle`), stores the decision in the release's ownership
// record annotation (conditionally on its resourceVersion: a write that loses a race is dropped
// and retried at the next sample) and only then acts: warn, pause through the user's suspend
// path, delete. Nothing is kept in memory between samples, so a restart or a new leader goes on
// where the last one stopped and never acts twice on one decision.
import {
  decideIdle,
  decodeIdleRecord,
  encodeIdleRecord,
  formatDuration,
  IDLE_ANNOTATION,
  isExcludedFromIdle,
  isUnknownRecord,
  lifecycleCommands,
  onyxiaSecretName,
  type IdleDecision,
  type IdleRecord,
  type IdleSuspendConfig,
  type Region,
} from "@onyxia-ts/core";
import { KubernetesApiError } from "../../kubernetes/index.ts";
import type {
  Clock,
  IdleInventoryPort,
  IdleTarget,
  KubernetesPort,
  UsagePort,
} from "../../platform/ports.ts";
import type { LeaderElector } from "./lease.ts";
import type { ActivitySignalsPort, ExtraReadings } from "./signals.ts";

/** What the owner's webhook receives (and the audit entry carries). */
export interface IdleNotice {
  kind: "warn" | "suspend" | "delete";
  region: string;
  namespace: string;
  release: string;
  friendlyName: string | null;
  owner: string;
  chart: string;
  /** Why, in words with the figures. */
  reason: string;
  idleSince: string | null;
  suspendAt: string | null;
  cpuMillicores: number | null;
  cpuBelowMillicores: number;
  /** The signals consulted (cpu, http, ingress): all of them showed no activity. */
  signals: string[];
  /** What each signal said: "CPU 3m below 50m; HTTP last activity …; ingress 0 requests in 8 h". */
  activity: string;
}

export interface IdleAuditRecord extends IdleNotice {
  /** ok, or the error's message. */
  outcome: "ok" | "failed";
  error?: string;
  durationMs: number;
}

export interface IdleControllerDeps {
  region: Region;
  config: IdleSuspendConfig;
  /** The server's identity: the ownership records' annotations. */
  kube: KubernetesPort;
  inventory: IdleInventoryPort;
  usage: UsagePort;
  /** The signals beyond CPU (the chart's HTTP endpoint, Prometheus); absent: CPU only. */
  signals?: ActivitySignalsPort;
  /** Releases whose signals are read at once. Default 8. */
  signalConcurrency?: number;
  elector: LeaderElector;
  clock: Clock;
  /** The user's suspend path (release-actions `setSuspended`) acting for the owner. */
  suspend(target: IdleTarget): Promise<void>;
  /** The user's uninstall path. */
  uninstall(target: IdleTarget): Promise<void>;
  /** The configured webhook (or nothing). Failures are logged, never block the action. */
  notify(notice: IdleNotice): Promise<void>;
  audit(entry: IdleAuditRecord): void;
  log?: { info(message: string): void; warn(message: string): void };
}

export interface TickReport {
  leader: boolean;
  /** `<namespace>/<release>` per outcome of this sample. */
  warned: string[];
  suspended: string[];
  deleted: string[];
  unknown: string[];
  failed: string[];
  /** Records written (decisions stored). */
  writes: number;
  releases: number;
}

const recordPath = (t: IdleTarget) =>
  `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/secrets/${onyxiaSecretName(t.release)}`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface IdleController {
  /** One sample: lead or stay a follower, then decide and act for every release. */
  tick(): Promise<TickReport>;
  /** Samples every `sampleEvery` until `stop()`. */
  start(): void;
  stop(): Promise<void>;
}

export function createIdleController(deps: IdleControllerDeps): IdleController {
  const { config } = deps;
  const granularityMs = Math.max(config.sampleEveryMs, config.afterMs / 100);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  /** Stores the record if nobody changed it since it was read; false when somebody did. */
  async function store(target: IdleTarget, record: IdleRecord | undefined): Promise<boolean> {
    if (!record) return true;
    try {
      await deps.kube.mergePatch(recordPath(target), {
        metadata: {
          ...(target.resourceVersion ? { resourceVersion: target.resourceVersion } : {}),
          annotations: { [IDLE_ANNOTATION]: encodeIdleRecord(record) },
        },
      });
      return true;
    } catch (error) {
      if (error instanceof KubernetesApiError && [404, 409].includes(error.status)) return false;
      throw error;
    }
  }

  function noticeOf(
    kind: IdleNotice["kind"],
    target: IdleTarget,
    decision: IdleDecision,
    cpu: number | undefined,
    signals: ExtraReadings | undefined,
    now: number,
  ): IdleNotice {
    const idleFor = decision.idleSince === null ? 0 : now - decision.idleSince;
    const figures =
      decision.activity?.figures ??
      `CPU ${cpu === undefined ? "unknown" : `${cpu}m`} below ${config.cpuBelowMillicores}m`;
    const reason =
      kind === "warn"
        ? `idle for ${formatDuration(idleFor)} (${figures}): will be paused at ${iso(decision.suspendAt)}`
        : kind === "suspend"
          ? `idle for ${formatDuration(idleFor)} (${figures}), the whole window of ${formatDuration(config.afterMs)}`
          : `paused for idleness since ${iso(decision.record?.suspendedAt ?? null)}, deleted after ${formatDuration(config.deleteSuspendedAfterMs ?? 0)}`;
    return {
      kind,
      region: deps.region.id,
      namespace: target.namespace,
      release: target.release,
      friendlyName: target.friendlyName,
      owner: target.owner,
      chart: target.chart,
      reason,
      idleSince: iso(decision.idleSince),
      suspendAt: iso(decision.suspendAt),
      cpuMillicores: cpu ?? null,
      cpuBelowMillicores: config.cpuBelowMillicores,
      signals: ["cpu", ...Object.keys(signals ?? {})],
      activity: figures,
    };
  }

  async function act(notice: IdleNotice, action: () => Promise<void>): Promise<boolean> {
    const started = deps.clock.now();
    try {
      await action();
      deps.audit({ ...notice, outcome: "ok", durationMs: deps.clock.now() - started });
      void deps
        .notify(notice)
        .catch((error: Error) =>
          deps.log?.warn(
            `idle-suspend: webhook for ${notice.namespace}/${notice.release}: ${error.message}`,
          ),
        );
      return true;
    } catch (error) {
      const message = (error as Error).message;
      deps.audit({
        ...notice,
        outcome: "failed",
        error: message,
        durationMs: deps.clock.now() - started,
      });
      deps.log?.warn(
        `idle-suspend: ${notice.kind} ${notice.namespace}/${notice.release} failed: ${message}`,
      );
      return false;
    }
  }

  async function one(
    target: IdleTarget,
    usage: Map<string, number> | undefined,
    signals: ExtraReadings | undefined,
    report: TickReport,
  ) {
    const key = `${target.namespace}/${target.release}`;
    const now = deps.clock.now();
    const cpu = usage?.get(key);
    const stored = decodeIdleRecord(target.annotation);
    const decision = decideIdle({
      config,
      record: stored,
      now,
      cpu,
      ...(signals ? { signals } : {}),
      suspended: target.suspended,
      excluded: !target.suspendable || isExcludedFromIdle(config, target),
      granularityMs,
    });
    if (decision.state === "unknown") report.unknown.push(key);
    let record = decision.record;
    const kind =
      decision.state === "to-warn"
        ? "warn"
        : decision.state === "to-suspend"
          ? "suspend"
          : decision.state === "to-delete"
            ? "delete"
            : undefined;
    const notice = kind ? noticeOf(kind, target, decision, cpu, signals, now) : undefined;
    if (record && notice && (kind === "warn" || kind === "suspend")) {
      const commands =
        kind === "suspend"
          ? [
              lifecycleCommands.suspend(
                target.release,
                `${target.catalogId ?? "<catalog>"}/${target.chart}`,
                target.namespace,
                true,
              ),
            ]
          : [];
      record = { ...record, action: { kind, at: now, reason: notice.reason, commands } };
    }
    if (decision.write || kind === "warn" || kind === "suspend") {
      if (!deps.elector.isLeading()) return;
      // The decision is stored first: only the replica whose write lands acts on it.
      if (!(await store(target, record))) return;
      report.writes++;
    }
    if (!notice || !deps.elector.isLeading()) return;
    if (kind === "warn") {
      // The warning itself is the stored record (the app shows it) plus the webhook.
      await act(notice, async () => undefined);
      report.warned.push(key);
    } else if (kind === "suspend") {
      if (await act(notice, () => deps.suspend(target))) report.suspended.push(key);
      else {
        report.failed.push(key);
        // Not paused: forget the pause so the next samples decide again.
        const { suspendedAt: _s, ...rest } = record!;
        await store({ ...target, resourceVersion: undefined }, rest).catch(() => undefined);
      }
    } else if (kind === "delete") {
      if (await act(notice, () => deps.uninstall(target))) report.deleted.push(key);
      else report.failed.push(key);
    }
  }

  /** The signals beyond CPU of the releases that may be paused, a few releases at a time. */
  async function readSignals(targets: IdleTarget[]): Promise<Map<IdleTarget, ExtraReadings>> {
    const out = new Map<IdleTarget, ExtraReadings>();
    const signals = deps.signals;
    if (!signals) return out;
    const queue = targets.filter(
      (t) => !t.suspended && t.suspendable && !isExcludedFromIdle(config, t),
    );
    const worker = async () => {
      for (let t = queue.shift(); t !== undefined && !stopped; t = queue.shift()) {
        const record = decodeIdleRecord(t.annotation);
        const since =
          record && record.suspendedAt === undefined && !isUnknownRecord(record)
            ? record.lastActive
            : undefined;
        const readings = await signals
          .read(t, since, deps.clock.now())
          .catch((error: Error) => ({ http: { unknown: error.message } }));
        out.set(t, readings);
      }
    };
    await Promise.all(Array.from({ length: deps.signalConcurrency ?? 8 }, worker));
    return out;
  }

  async function tick(): Promise<TickReport> {
    const report: TickReport = {
      leader: false,
      warned: [],
      suspended: [],
      deleted: [],
      unknown: [],
      failed: [],
      writes: 0,
      releases: 0,
    };
    if (!(await deps.elector.tryLead())) return report;
    report.leader = true;
    const [targets, usage] = await Promise.all([
      deps.inventory.releases(),
      deps.usage.releaseCpu(),
    ]);
    report.releases = targets.length;
    const signals = await readSignals(targets);
    for (const target of targets) {
      if (stopped || !deps.elector.isLeading()) break;
      try {
        await one(target, usage, signals.get(target), report);
      } catch (error) {
        report.failed.push(`${target.namespace}/${target.release}`);
        deps.log?.warn(
          `idle-suspend: ${target.namespace}/${target.release}: ${(error as Error).message}`,
        );
      }
    }
    return report;
  }

  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error: Error) => deps.log?.warn(`idle-suspend: sample failed: ${error.message}`))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, config.sampleEveryMs);
      });
  };

  return {
    tick,
    start() {
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await deps.elector.release();
    },
  };
}
