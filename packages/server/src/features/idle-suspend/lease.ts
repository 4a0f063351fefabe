// Leader election on a Kubernetes `coordination.k8s.io/v1` Lease: exactly one server replica
// runs the idle controller. Every write is conditional on the resourceVersion read just before,
// so two replicas racing for the same Lease cannot both win: the loser gets a 409 and stays a
// follower. A holder that stops renewing loses the Lease once it has expired.
import { KubernetesApiError } from "../../kubernetes/index.ts";
import type { Clock, KubernetesPort } from "../../platform/ports.ts";

export interface LeaseOptions {
  namespace: string;
  name: string;
  /** This replica's identity (unique per process). */
  holder: string;
  durationMs: number;
}

interface LeaseObject {
  metadata?: { resourceVersion?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

export const leasePath = (namespace: string, name: string) =>
  `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases/${encodeURIComponent(name)}`;

export interface LeaderElector {
  /** Acquires, renews or takes over an expired Lease; true when this replica leads until `validUntil()`. */
  tryLead(): Promise<boolean>;
  /** Until when the last successful renewal makes this replica the leader (0: not the leader). */
  validUntil(): number;
  /** Whether this replica may still act now (with a safety margin before expiry). */
  isLeading(): boolean;
  /** Gives the Lease up (on shutdown) so another replica takes over at once. */
  release(): Promise<void>;
}

const isConflict = (error: unknown) =>
  error instanceof KubernetesApiError && (error.status === 409 || error.status === 422);

export function leaderElector(
  kube: KubernetesPort,
  clock: Clock,
  options: LeaseOptions,
): LeaderElector {
  const path = leasePath(options.namespace, options.name);
  const collection = path.slice(0, path.lastIndexOf("/"));
  const seconds = Math.max(1, Math.round(options.durationMs / 1000));
  let until = 0;

  const spec = (now: number, transitions: number, acquired: string) => ({
    holderIdentity: options.holder,
    leaseDurationSeconds: seconds,
    acquireTime: acquired,
    renewTime: microTime(now),
    leaseTransitions: transitions,
  });

  return {
    async tryLead() {
      const now = clock.now();
      try {
        const lease = await kube.get<LeaseObject>(path);
        if (!lease) {
          await kube.create(collection, {
            apiVersion: "coordination.k8s.io/v1",
            kind: "Lease",
            metadata: { name: options.name, namespace: options.namespace },
            spec: spec(now, 0, microTime(now)),
          });
        } else {
          const s = lease.spec ?? {};
          const renewed = Date.parse(s.renewTime ?? "") || 0;
          const expired = renewed + (s.leaseDurationSeconds ?? seconds) * 1000 <= now;
          const mine = s.holderIdentity === options.holder;
          if (!mine && !expired && s.holderIdentity) {
            until = 0;
            return false;
          }
          await kube.mergePatch(path, {
            metadata: { resourceVersion: lease.metadata?.resourceVersion },
            spec: mine
              ? { renewTime: microTime(now), leaseDurationSeconds: seconds }
              : spec(now, (s.leaseTransitions ?? 0) + 1, microTime(now)),
          });
        }
        until = now + options.durationMs;
        return true;
      } catch (error) {
        until = 0;
        if (isConflict(error)) return false; // another replica wrote first
        throw error;
      }
    },
    validUntil: () => until,
    // Stop acting a fifth of the duration before expiry: a replica whose renewal is late must
    // not overlap the next leader.
    isLeading: () => clock.now() < until - options.durationMs / 5,
    async release() {
      if (until === 0) return;
      until = 0;
      const lease = await kube.get<LeaseObject>(path).catch(() => undefined);
      if (lease?.spec?.holderIdentity !== options.holder) return;
      await kube
        .mergePatch(path, {
          metadata: { resourceVersion: lease.metadata?.resourceVersion },
          spec: { holderIdentity: null, renewTime: null },
        })
        .catch(() => undefined);
    },
  };
}
