// Launches in one namespace pass the quota pre-check one after the other, each seeing what the
// ones before it took, even before Kubernetes counts it.
//
// Why a ledger: a ResourceQuota's `status.used` grows when pods are created, and `helm install`
// returns before the Deployment's pods exist. Forty launches at once all read the same `used`,
// and even one launch right after another reads a figure that does not include its predecessor;
// each fitted alone, and Kubernetes then refused the pods of the ones that did not fit together
// (issue 11). Here the check and the reservation are one synchronous step (the post-renderer's
// callback), so within a server no two checks interleave: each one counts `used` raised to the
// floor the previous reservation left (quotaUsedAfter), until Kubernetes has caught up or the
// hold expires.
//
// Across replicas, this is not a lock: two servers can each accept a launch that fits alone. The
// arbiter there is the one Kubernetes already has: the API server's ResourceQuota admission,
// which refuses the pods that do not fit, atomically; the service then shows it (state "failed",
// stateReason "Quota exceeded: …", core releases/state.ts and problems.ts). A Lease per namespace would make
// the pre-check exact across replicas at the price of two more API round trips on every launch,
// the cost issue 16 set out to remove; a user's launches usually reach one replica anyway.
import type { QuotaStatus, RequestedResources } from "@onyxia-ts/core";
import { quotaUsedAfter, tryParseQuantity } from "@onyxia-ts/core";
import { assertFitsQuotas } from "./quota-check.ts";

type Floors = Map<string, Readonly<Record<string, number>>>;

interface Held {
  /** Per ResourceQuota name: the least each quota key counts as used. */
  floors: Floors;
  expires: number;
}

/** Default hold: far longer than a ReplicaSet takes to create its pods after helm returns. */
export const QUOTA_HOLD_MS = 30_000;

export class QuotaReservations {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly holdMs: number = QUOTA_HOLD_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Refuses (409 Quota exceeded) what does not fit once this server's recent reservations in the
   * namespace are counted, else reserves it. Synchronous on purpose: no other check can run
   * between the test and the reservation. Returns the cancellation (the install failed).
   */
  reserve(
    namespace: string,
    quotas: readonly { name: string; status: QuotaStatus }[],
    requested: RequestedResources,
    released?: RequestedResources,
  ): () => void {
    const held = this.current(namespace, quotas);
    assertFitsQuotas(requested, quotas, released, held?.floors);
    const floors: Floors = new Map(held?.floors);
    const added = new Map<string, Record<string, number>>();
    for (const q of quotas) {
      const before = held?.floors.get(q.name);
      const after = quotaUsedAfter(requested, q.status, released, before);
      floors.set(q.name, after);
      added.set(
        q.name,
        Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before?.[k] ?? 0)])),
      );
    }
    const entry: Held = { floors, expires: this.now() + this.holdMs };
    this.held.set(namespace, entry);
    return () => {
      for (const [name, delta] of added) {
        const floor = entry.floors.get(name);
        if (!floor) continue;
        entry.floors.set(
          name,
          Object.fromEntries(Object.entries(floor).map(([k, v]) => [k, v - (delta[k] ?? 0)])),
        );
      }
    };
  }

  /** reserve's test alone, reserving nothing (an edit's review): throws what reserve would. */
  check(
    namespace: string,
    quotas: readonly { name: string; status: QuotaStatus }[],
    requested: RequestedResources,
    released?: RequestedResources,
  ): void {
    assertFitsQuotas(requested, quotas, released, this.current(namespace, quotas)?.floors);
  }

  /** The namespace's live floors; forgotten once expired or once Kubernetes counts them all. */
  private current(
    namespace: string,
    quotas: readonly { name: string; status: QuotaStatus }[],
  ): Held | undefined {
    const now = this.now();
    for (const [ns, h] of this.held) if (h.expires <= now) this.held.delete(ns);
    const held = this.held.get(namespace);
    if (held && quotas.every((q) => caughtUp(q.status, held.floors.get(q.name)))) {
      this.held.delete(namespace);
      return undefined;
    }
    return held;
  }
}

/** True when Kubernetes' own `used` is at least the floor for every key. */
function caughtUp(status: QuotaStatus, floor: Readonly<Record<string, number>> | undefined) {
  return Object.entries(floor ?? {}).every(
    ([key, value]) => (tryParseQuantity(status.used?.[key]) ?? 0) >= value - 1e-9,
  );
}
