// The server's side of helm's --post-renderer (post-render.mjs): a Unix socket in a private
// temp folder where each launch registers a check under a one-time random token. helm renders
// once; the check (the quota) sees the exact manifests helm is about to apply and can refuse
// them before anything is created, instead of a second render with `helm template`.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { ManifestCheck } from "../platform/ports.ts";

/** The post-renderer script helm runs with node. */
export const POST_RENDER_SCRIPT = fileURLToPath(new URL("./post-render.mjs", import.meta.url));

/** More than any chart renders; a bound on what one connection can make the server buffer. */
const MAX_MANIFEST_BYTES = 64 << 20;

export interface GateRegistration {
  /** The helm arguments that route this call's manifests through the check. */
  args: string[];
  /** What the check threw, once helm has run (undefined: accepted or never asked). */
  refusal(): unknown;
  /** Forgets the token. */
  close(): void;
}

export class PostRenderGate {
  private readonly checks = new Map<string, { check: ManifestCheck; refusal?: unknown }>();
  private listening: Promise<string> | undefined;
  private server: Server | undefined;
  private dir: string | undefined;

  constructor(private readonly nodeBin: string = process.execPath) {}

  async register(check: ManifestCheck): Promise<GateRegistration> {
    const socketPath = await this.listen();
    const token = randomBytes(24).toString("hex");
    const entry: { check: ManifestCheck; refusal?: unknown } = { check };
    this.checks.set(token, entry);
    return {
      args: [
        `--post-renderer=${this.nodeBin}`,
        `--post-renderer-args=${POST_RENDER_SCRIPT}`,
        `--post-renderer-args=${socketPath}`,
        `--post-renderer-args=${token}`,
      ],
      refusal: () => entry.refusal,
      close: () => this.checks.delete(token),
    };
  }

  private listen(): Promise<string> {
    this.listening ??= new Promise<string>((resolve, reject) => {
      const dir = mkdtempSync(path.join(tmpdir(), "onyxia-post-render-")); // mode 0700
      this.dir = dir;
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      const socketPath = path.join(dir, "gate.sock");
      // allowHalfOpen: the post-renderer ends its side once the manifests are sent; ours stays
      // open for the answer, which comes after the (possibly async) check.
      this.server = createServer({ allowHalfOpen: true }, (socket) => {
        const parts: Buffer[] = [];
        let size = 0;
        socket.on("data", (part: Buffer) => {
          size += part.length;
          if (size > MAX_MANIFEST_BYTES) socket.destroy();
          else parts.push(part);
        });
        socket.on("error", () => undefined);
        socket.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          const newline = text.indexOf("\n");
          const entry = newline > 0 ? this.checks.get(text.slice(0, newline)) : undefined;
          if (!entry) return void socket.end("refused\nunknown or expired post-render token\n");
          Promise.resolve()
            .then(() => entry.check(text.slice(newline + 1)))
            .then(
              () => socket.end("ok\n"),
              (error: unknown) => {
                entry.refusal = error;
                socket.end(`refused\n${(error as Error).message ?? String(error)}\n`);
              },
            );
        });
      });
      this.server.once("error", reject);
      this.server.listen(socketPath, () => resolve(socketPath));
      this.server.unref();
    });
    return this.listening;
  }

  close(): void {
    this.server?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.listening = undefined;
  }
}
