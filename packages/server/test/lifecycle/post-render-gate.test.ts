// helm's --post-renderer through the server's gate, with the pinned helm (client-side: `helm
// template` runs the post-renderer exactly as `helm install` does before applying anything).
import { connect } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConflictError } from "../../src/domain/errors.ts";
import {
  createHelmClient,
  HelmError,
  POST_RENDER_TOKEN_VARIABLE,
  PostRenderGate,
} from "../../src/helm/index.ts";
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

/** Sends `request` to the gate as the post-renderer does; the gate's whole answer. */
function ask(port: number, request: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (d) => (text += String(d)));
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
    socket.write(request);
  });
}

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

  it("counts bytes, not characters: non-ASCII manifests go through whole", async () => {
    const values = { persistence: { size: "3Gi-é日本-ü" } };
    const plain = await helm.template(target, source, values);
    let seen = "";
    const checked = await helm.template(target, source, values, (m) => void (seen = m));
    expect(seen).toContain(`storage: "3Gi-é日本-ü"`);
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
    const port = Number(registration.args[2]!.slice("--post-renderer-args=".length));
    const token = registration.env[POST_RENDER_TOKEN_VARIABLE]!;
    expect(await ask(port, `${token}\n8\nkind: A\n`)).toBe(
      "refused\nunknown or expired post-render token\n",
    );
  });

  it("refuses a request that is not token, byte length and that many bytes", async () => {
    const registration = await gate.register(() => undefined);
    const port = Number(registration.args[2]!.slice("--post-renderer-args=".length));
    const token = registration.env[POST_RENDER_TOKEN_VARIABLE]!;
    const malformed = "refused\nmalformed post-render request\n";
    expect(await ask(port, `${token}\n3\nkind: A\n`)).toBe(malformed);
    expect(await ask(port, `${token}\nlots\nkind: A\n`)).toBe(malformed);
    expect(await ask(port, `${token}\n${2 ** 40}\n`)).toBe(malformed);
    expect(await ask(port, "x".repeat(200))).toBe(malformed);
    // The same token with a well-formed request is still answered, once.
    expect(await ask(port, `${token}\n8\nkind: A\n`)).toBe("ok\n");
    expect(await ask(port, `${token}\n8\nkind: A\n`)).toBe(
      "refused\nunknown or expired post-render token\n",
    );
    registration.close();
  });

  it("keeps the token off helm's command line (in its environment)", async () => {
    const registration = await gate.register(() => undefined);
    const token = registration.env[POST_RENDER_TOKEN_VARIABLE]!;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(registration.args.join(" ")).not.toContain(token);
    registration.close();
  });

  it("is not involved without a check (no post-renderer argument)", async () => {
    const error = await createHelmClient({ gate, helmBin: "/nonexistent/helm" })
      .template(target, source, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmError);
  });
});
