// The per-namespace quota ledger: what one launch reserves counts for the next check until
// Kubernetes counts it itself or the hold expires; namespaces and quotas are kept apart.
import { describe, expect, it } from "vitest";
import type { QuotaStatus, RequestedResources } from "@onyxia-ts/core";
import { ConflictError } from "../../src/domain/errors.ts";
import { QuotaReservations } from "../../src/features/quota/index.ts";

const asks = (cpu: number, memory = 0): RequestedResources => ({
  "requests.cpu": cpu,
  "requests.memory": memory,
  "limits.cpu": 0,
  "limits.memory": 0,
  "requests.storage": 0,
  "requests.nvidia.com/gpu": 0,
  pods: 1,
  persistentvolumeclaims: 0,
});
const quota = (used: string, hard = "1") => [
  { name: "q", status: { hard: { "requests.cpu": hard }, used: { "requests.cpu": used } } },
];
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("quota reservations", () => {
  it("counts earlier reservations until Kubernetes' used has caught up", () => {
    const ledger = new QuotaReservations(30_000, () => 0);
    ledger.reserve("ns-a", quota("0"), asks(0.6));
    // used still says 0: the 0.6 reserved counts.
    const error = refusal(() => ledger.reserve("ns-a", quota("0"), asks(0.6)));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain("only 400m of 1 is left (600m used)");
    // Another namespace is not concerned.
    expect(refusal(() => ledger.reserve("ns-b", quota("0"), asks(0.6)))).toBeUndefined();
    // Kubernetes counts the first one now: the floor is dropped, no double counting.
    expect(refusal(() => ledger.reserve("ns-a", quota("0.6"), asks(0.4)))).toBeUndefined();
    // The 0.4 just reserved is not in used yet: nothing is left.
    expect(refusal(() => ledger.reserve("ns-a", quota("0.6"), asks(0.1)))).toBeInstanceOf(
      ConflictError,
    );
  });

  it("forgets reservations after the hold and gives back a cancelled one", () => {
    let now = 0;
    const ledger = new QuotaReservations(30_000, () => now);
    ledger.reserve("ns-a", quota("0"), asks(0.6));
    now = 30_000;
    expect(refusal(() => ledger.reserve("ns-a", quota("0"), asks(0.6)))).toBeUndefined();
    const cancel = ledger.reserve("ns-a", quota("0"), asks(0.3));
    // 0.6 + 0.3 reserved: 0.2 more does not fit; cancelling the 0.3 makes room.
    expect(refusal(() => ledger.reserve("ns-a", quota("0"), asks(0.2)))).toBeInstanceOf(
      ConflictError,
    );
    cancel();
    expect(refusal(() => ledger.reserve("ns-a", quota("0"), asks(0.2)))).toBeUndefined();
  });

  it("keeps each ResourceQuota's figures apart and ignores keys no quota limits", () => {
    const ledger = new QuotaReservations(30_000, () => 0);
    const two: { name: string; status: QuotaStatus }[] = [
      { name: "cpu", status: { hard: { "requests.cpu": "1" }, used: {} } },
      { name: "mem", status: { hard: { "requests.memory": "1Gi" }, used: {} } },
    ];
    ledger.reserve("ns", two, asks(0.5, 512 * 2 ** 20));
    const error = refusal(() => ledger.reserve("ns", two, asks(0.1, 768 * 2 ** 20)));
    expect((error as ConflictError).errors).toEqual([
      "requests.memory: the service asks for 768Mi but only 512Mi of 1Gi is left (512Mi used) (ResourceQuota mem)",
    ]);
  });
});
