// helm's --post-renderer through the server's gate, with the pinned helm (client-side: `helm
// template` runs the post-renderer exactly as `helm install` does before applying anything).
import { connect } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConflictError } from "../../src/domain/errors.ts";
import { createHelmClient, HelmError, PostRenderGate } from "../../src/helm/index.ts";
import { examplesRepo } from "./fixtures.ts";

const gate = new PostRenderGate();
const helm = createHelmClient({ gate });
const source = {
  kind: "archive" as const,
  path: path.join(examplesRepo, "postgres-lite-1.2.0.tgz"),
  chart: "postgres-lite",
  version: "1.2.0",
};
const target = { release: "pg-123456", namespace: "user-alice" };

describe("post-render gate", () => {
  it("shows the check the exact manifests and passes them through unchanged", async () => {
    const plain = await helm.template(target, source, { persistence: { size: "3Gi" } });
    const seen: string[] = [];
    const checked = await helm.template(target, source, { persistence: { size: "3Gi" } }, (m) => {
      seen.push(m);
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain("kind: StatefulSet");
    expect(seen[0]).toContain(`storage: "3Gi"`);
    expect(checked.manifest).toBe(plain.manifest);
  });

  it("rejects with the check's own error when it refuses, and forgets the token afterwards", async () => {
    const refusal = new ConflictError("The service does not fit in the namespace quota: cpu", {
      title: "Quota exceeded",
    });
    const error = await helm
      .template(target, source, {}, () => {
        throw refusal;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(refusal);
    // Any error a check throws is what the caller gets (here async).
    const stale = await helm
      .template(target, source, {}, async () => {
        throw new Error("refused: no room");
      })
      .catch((e: unknown) => e);
    expect((stale as Error).message).toBe("refused: no room");
  });

  it("refuses a connection whose token is unknown or already closed", async () => {
    const registration = await gate.register(() => undefined);
    registration.close();
    const socketPath = registration.args[2]!.slice("--post-renderer-args=".length);
    const token = registration.args[3]!.slice("--post-renderer-args=".length);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(socketPath);
      let text = "";
      socket.on("data", (d) => (text += String(d)));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
      socket.write(`${token}\n`);
      socket.end("kind: A\n");
    });
    expect(answer).toBe("refused\nunknown or expired post-render token\n");
  });

  it("is not involved without a check (no post-renderer argument)", async () => {
    const error = await createHelmClient({ gate, helmBin: "/nonexistent/helm" })
      .template(target, source, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmError);
  });
});
