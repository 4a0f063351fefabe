// The namespace's Kubernetes Events for GET /my-lab/events: the existing ones first (an
// unreachable cluster or a refusal fails before anything is streamed), then new ones as they
// come, through a watch that resumes after interruptions. Read with the caller's identity: in
// impersonate and tokenPassthrough modes Kubernetes checks events itself.
import type { Caller } from "../../domain/caller.ts";
import { KubernetesApiError, type KubeClient, type WatchHandle } from "../../kubernetes/index.ts";
import type { Platform } from "../../platform/compose.ts";
import { translated } from "../../platform/translate-errors.ts";
import { kubeRequestHeaders } from "../../user/index.ts";

/** Open upstream event watches (tests check that a client leaving ends its watch). */
export const eventWatches = { open: 0 };

const RETRY_MS = 2_000;

interface RawEvent {
  metadata?: { resourceVersion?: string };
}

export interface EventStreamHandlers {
  /** An event (raw Event JSON). */
  event(event: unknown): void;
  /** A comment for the client (interruptions); `final`: the stream ends after it. */
  note(message: string, final: boolean): void;
}

/** The existing events, and `follow()` that streams the new ones until `stop()`. */
export async function namespaceEvents(platform: Platform, caller: Caller, namespace: string) {
  const path = `/api/v1/namespaces/${namespace}/events`;
  const client: KubeClient = (
    await translated(() => platform.region(caller.region), {
      what: "Kubernetes is unavailable",
      asCaller: false,
    })
  ).client;
  const identity = { headers: kubeRequestHeaders(caller.kube) };
  const initial = await translated(() => client.list<RawEvent>(path, {}, identity), {
    what: `Cannot read the events of namespace "${namespace}"`,
    asCaller: caller.kube.mode !== "serviceAccount",
  });

  let resourceVersion = initial.metadata?.resourceVersion ?? "";
  let watch: WatchHandle | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(retry);
    watch?.abort();
  };

  const follow = (handlers: EventStreamHandlers) => {
    const start = () => {
      if (stopped) return;
      watch = client.watch<RawEvent>(
        path,
        { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
        (event) => {
          if (event.object?.metadata?.resourceVersion)
            resourceVersion = event.object.metadata.resourceVersion;
          if (event.type === "ADDED" || event.type === "MODIFIED") handlers.event(event.object);
          else if (event.type === "ERROR") resourceVersion = ""; // 410 Gone: restart from now
        },
        identity,
      );
      eventWatches.open++;
      void watch.done.then((error) => {
        eventWatches.open--;
        if (stopped) return;
        // Refused (a passed-through token expired, a RoleBinding removed): retrying would not help.
        if (error instanceof KubernetesApiError && (error.status === 401 || error.status === 403)) {
          stop();
          handlers.note(error.message.replace(/\s+/g, " "), true);
          return;
        }
        if (error)
          handlers.note(
            `watch interrupted (${error.message.replace(/\s+/g, " ")}), reconnecting`,
            false,
          );
        retry = setTimeout(start, error ? RETRY_MS : 0);
      });
    };
    start();
  };

  return { initial: initial.items as unknown[], follow, stop };
}
