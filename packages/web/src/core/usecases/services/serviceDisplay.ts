// Pure rules of the services pages (reference §6.2, §6.3), unit-tested in serviceDisplay.test.ts.
import type { Service } from "@onyxia-ts/core";

export type DisplayState = Service["state"];

/** Status chip colour per state: running is the only "all good" one. */
export const stateColor: Record<
  DisplayState,
  "success" | "info" | "warning" | "error" | "default"
> = {
  running: "success",
  starting: "info",
  suspending: "warning",
  suspended: "default",
  failed: "error",
};

/** Newest first, as Onyxia lists them. */
export function sortServices(services: readonly Service[]): Service[] {
  return [...services].sort((a, b) => b.startedAt - a.startedAt);
}

/** Something is moving: the page watches more closely. */
export function isTransient(service: Pick<Service, "state">): boolean {
  return service.state === "starting" || service.state === "suspending";
}

export const RUNNING_TIME_THRESHOLD_HOURS = 168;

/** The "running for a long time" hint: a running service older than the threshold. */
export function runningForLong(
  service: Pick<Service, "state" | "startedAt">,
  now: number,
  thresholdHours = RUNNING_TIME_THRESHOLD_HOURS,
): boolean {
  return (
    service.state === "running" &&
    service.startedAt > 0 &&
    now - service.startedAt > thresholdHours * 3_600_000
  );
}

const URL_IN_TEXT = /https?:\/\/[^\s)<>"'`\]]+/g;

/**
 * The open URL: the first service URL found in the NOTES (Onyxia's rule), else the first URL of
 * the service. `ingressPort` (expose.ingressPort) is appended to the URLs of the notes.
 */
export function openUrl(
  service: Pick<Service, "urls" | "postInstallInstructions" | "env">,
): string | undefined {
  const port = service.env["expose.ingressPort"];
  const inNotes =
    (service.postInstallInstructions ?? "")
      .match(URL_IN_TEXT)
      ?.map((u) => u.replace(/[.,;:]+$/, "")) ?? [];
  const fromNotes = inNotes.find((u) =>
    service.urls.some((s) => u.startsWith(s.replace(/\/$/, ""))),
  );
  const chosen = fromNotes ?? service.urls[0];
  if (!chosen) return undefined;
  if (port && /^\d+$/.test(port)) {
    try {
      const url = new URL(chosen);
      if (!url.port) url.port = port;
      return url.toString();
    } catch {
      return chosen;
    }
  }
  return chosen;
}

/**
 * The password to copy before opening (§6.2, in order): the project's service password if the
 * notes show it; a "password: x" in the notes; the project password if any value holds it; the
 * last value whose key ends with "password".
 */
export function servicePassword(
  service: Pick<Service, "postInstallInstructions" | "env">,
  projectPassword: string | undefined,
): string | undefined {
  const notes = service.postInstallInstructions ?? "";
  if (projectPassword && notes.includes(projectPassword)) return projectPassword;
  const inNotes = /password: ?([^\n ]+)/i.exec(notes)?.[1];
  if (inNotes) return inNotes;
  const values = Object.entries(service.env ?? {});
  if (projectPassword && values.some(([, v]) => v === projectPassword)) return projectPassword;
  const byKey = values.filter(([k, v]) => /password$/i.test(k) && v !== "");
  return byKey[byKey.length - 1]?.[1];
}

/** Chart "jupyter-python-2.3.1" → name and version (Onyxia splits on -<semver>). */
export function splitChart(chart: string): { name: string; version: string | undefined } {
  const match = /-(\d+\.\d+\.\d+.*)$/.exec(chart);
  return match
    ? { name: chart.slice(0, match.index), version: match[1] }
    : { name: chart, version: undefined };
}

/** Who sees the card how: mine, mine and shared, or shared by someone else. */
export function ownership(
  service: Pick<Service, "owner" | "share" | "orphan">,
  me: string | undefined,
): "orphan" | "own" | "own-shared" | "shared" {
  if (service.orphan) return "orphan";
  if (service.owner === null || service.owner === me) return service.share ? "own-shared" : "own";
  return "shared";
}

/** What "delete all" removes: the user's own services and orphans, never someone else's shared one. */
export function deletableByMe(services: readonly Service[], me: string | undefined): Service[] {
  return services.filter((s) => ownership(s, me) !== "shared");
}

/** What a card or the service page says about idleness (issue 17); null: nothing to say. */
export type IdleNotice =
  | { kind: "idle"; idleMs: number; pauseInMs: number; warned: boolean }
  /** `signals`: those that gave no answer (cpu, http, ingress). */
  | { kind: "unknown"; signals: string[] }
  | { kind: "paused"; pausedAt: string; deleteAt: string | null };

/**
 * From `Service.idle` and the client's clock: "idle for 6 h, will be paused in 2 h" once a
 * service has been idle for a quarter of the window (or was warned), "activity unknown" when the
 * metrics API has no figure, "paused for idleness" after the pause.
 */
export function idleNotice(idle: Service["idle"], now: number): IdleNotice | null {
  if (!idle) return null;
  if (idle.status === "unknown") return { kind: "unknown", signals: idle.unknownSignals };
  if (idle.status === "paused" && idle.suspendedAt)
    return { kind: "paused", pausedAt: idle.suspendedAt, deleteAt: idle.deleteAt };
  if ((idle.status !== "tracking" && idle.status !== "warned") || !idle.idleSince) return null;
  const idleMs = Math.max(0, now - Date.parse(idle.idleSince));
  const warned = idle.status === "warned";
  if (!warned && idleMs < idle.afterMs / 4) return null;
  const pauseInMs = Math.max(0, Date.parse(idle.suspendAt ?? idle.idleSince) - now);
  return { kind: "idle", idleMs, pauseInMs, warned };
}

/**
 * The controller's automatic pauses not yet in the command bar history, as (call, commands, at)
 * entries; `seen` remembers what was handed out (one entry per pause).
 */
export function automaticActions(
  services: readonly Service[],
  seen: Set<string>,
): { call: string; commands: string[]; at: number }[] {
  const out: { call: string; commands: string[]; at: number }[] = [];
  for (const service of services) {
    const action = service.idle?.lastAction;
    if (!action || action.commands.length === 0) continue;
    const key = `${service.id}@${action.at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      call: `automatic ${action.kind} of ${service.id}: ${action.reason}`,
      commands: action.commands,
      at: Date.parse(action.at),
    });
  }
  return out;
}
