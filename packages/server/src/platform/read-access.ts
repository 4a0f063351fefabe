// May this caller read this namespace? The namespace caches are shared by every user (that is what
// makes the listing fast), so in impersonate and tokenPassthrough modes Kubernetes is asked first,
// with the caller's own identity: SelfSubjectAccessReviews for listing secrets (Helm's storage)
// and pods. Answers are remembered per (identity, namespace) for a short while so the listing,
// polled every few seconds, costs no extra round trip most of the time.
import { createHash } from "node:crypto";
import { ForbiddenError } from "../domain/errors.ts";
import { KubernetesApiError, type KubeClient } from "../kubernetes/index.ts";
import { kubeRequestHeaders, type KubeIdentity } from "../user/index.ts";

const REVIEW_PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
/** What reading a namespace's services needs: Helm's release secrets and the pods. */
const NEEDED = [{ resource: "secrets" }, { resource: "pods" }] as const;

export interface ReadAccessOptions {
  /** How long an answer (yes or no) is reused. Default 30 s. */
  ttlMs?: number;
  /** At most this many answers kept; the oldest go first. Default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

interface Answer {
  at: number;
  /** Undefined: allowed; else what was refused. */
  refusal: Promise<string | undefined>;
  /** Set once the review answered with a refusal. */
  refused?: boolean;
}

interface ReviewStatus {
  status?: { allowed?: boolean; denied?: boolean; reason?: string };
}

/** A cache key for the identity; a passed-through token is hashed, never kept. */
export function identityKey(identity: KubeIdentity): string | undefined {
  if (identity.mode === "impersonate")
    return `u:${identity.user}\0${[...identity.groups].sort().join("\0")}`;
  if (identity.mode === "tokenPassthrough")
    return `t:${createHash("sha256").update(identity.token).digest("base64url")}`;
  return undefined;
}

const REFUSAL_TTL_MS = 2_000;

export class ReadAccess {
  private readonly answers = new Map<string, Answer>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Access reviews sent (tests check the cache spares them). */
  reviews = 0;

  constructor(options: ReadAccessOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Resolves when `identity` may read `namespace`; 403 problem naming the namespace otherwise. */
  async require(client: KubeClient, identity: KubeIdentity, namespace: string): Promise<void> {
    const key = identityKey(identity);
    if (key === undefined) return; // serviceAccount: the server's own rights, as before
    const entryKey = `${key}\0${namespace}`;
    const now = this.now();
    let answer = this.answers.get(entryKey);
    // A refusal is kept only briefly: onboarding or a first launch creates the RoleBinding, and the
    // user must not wait out the full TTL to see their own namespace.
    const ttl = answer?.refused ? Math.min(this.ttlMs, REFUSAL_TTL_MS) : this.ttlMs;
    if (!answer || now - answer.at >= ttl) {
      const fresh: Answer = { at: now, refusal: this.review(client, identity, namespace) };
      void fresh.refusal.then(
        (refusal) => (fresh.refused = refusal !== undefined),
        () => undefined,
      );
      answer = fresh;
      this.answers.delete(entryKey); // re-inserted last: the Map's order is the age order
      this.answers.set(entryKey, answer);
      // A failed review (apiserver unreachable) is not an answer: asked again next time.
      answer.refusal.catch(
        () => this.answers.get(entryKey) === answer && this.answers.delete(entryKey),
      );
      this.trim();
    }
    const refusal = await answer.refusal;
    if (refusal !== undefined)
      throw new ForbiddenError(
        `Kubernetes does not allow ${describe(identity)} to read namespace "${namespace}": ${refusal}`,
      );
  }

  private async review(
    client: KubeClient,
    identity: KubeIdentity,
    namespace: string,
  ): Promise<string | undefined> {
    const headers = { headers: kubeRequestHeaders(identity) };
    const results = await Promise.all(
      NEEDED.map(async ({ resource }) => {
        this.reviews++;
        const review = await client
          .post<ReviewStatus>(
            REVIEW_PATH,
            {
              apiVersion: "authorization.k8s.io/v1",
              kind: "SelfSubjectAccessReview",
              spec: { resourceAttributes: { namespace, verb: "list", resource } },
            },
            headers,
          )
          .catch((error: unknown) => {
            // The identity itself refused (expired token, impersonation not allowed): a refusal too.
            if (
              error instanceof KubernetesApiError &&
              (error.status === 401 || error.status === 403)
            )
              return { status: { allowed: false, reason: error.message } };
            throw error;
          });
        if (review.status?.allowed === true) return undefined;
        return `cannot list ${resource}${review.status?.reason ? ` (${review.status.reason})` : ""}`;
      }),
    );
    const refused = results.filter((r): r is string => r !== undefined);
    return refused.length > 0 ? refused.join(", ") : undefined;
  }

  private trim(): void {
    for (const key of this.answers.keys()) {
      if (this.answers.size <= this.maxEntries) break;
      this.answers.delete(key);
    }
  }
}

function describe(identity: KubeIdentity): string {
  return identity.mode === "impersonate" ? `user "${identity.user}"` : "the caller's token";
}
