// The server's side of helm's --post-renderer: each launch registers a check under a one-time
// random token; helm renders once and runs the post-renderer, which hands the exact manifests
// helm is about to apply to the server and prints them back only when the check (the quota)
// accepts them, so a refusal stops helm before anything is created (no second `helm template`).
//
// The post-renderer is a short bash script (POST_RENDER_SCRIPT): bash starts in a couple of
// milliseconds where a Node process costs ~40 ms of CPU and ~100 ms on a busy machine, which was
// most of a launch's overhead over plain helm. bash can only reach TCP (its /dev/tcp), so the
// gate listens on the loopback interface; the token (24 random bytes, good for one request during
// one helm run) is what authorises a connection. It reaches the script through helm's
// environment (POST_RENDER_TOKEN_VARIABLE), which, unlike a command line, other users' processes
// cannot read in /proc. The script is written into a private (0700) temp folder when
// the gate starts, so the production bundle needs no file beside it.
//
// Protocol, one connection per helm run: `<token>\n<byte length>\n<manifests>`; the answer is
// `ok\n`, or `refused\n<reason>` and the connection is closed.
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import type { ManifestCheck } from "../platform/ports.ts";

/** More than any chart renders; a bound on what one connection can make the server buffer. */
const MAX_MANIFEST_BYTES = 64 << 20;
/** A connection that sends nothing for this long is dropped (helm's side is a local pipe). */
const IDLE_MS = 60_000;
/** Token and length lines: anything longer is not a post-renderer. */
const MAX_HEADER_BYTES = 128;

/**
 * helm's post-renderer (bash). Argument: <port>; the token is in $ONYXIA_POST_RENDER_TOKEN. `$(</dev/stdin)` reads the manifests
 * without another process; LC_ALL=C makes `${#manifest}` a byte count. On a refusal the reason
 * goes to stderr (helm shows it) and the exit code is 1: helm stops before applying anything.
 */
export const POST_RENDER_SCRIPT = `# onyxia-ts: helm post-renderer (quota check by the server)
export LC_ALL=C
manifest=$(</dev/stdin)
if ! exec 3<>"/dev/tcp/127.0.0.1/$1"; then
  echo "cannot reach the server's post-render check" >&2
  exit 1
fi
printf '%s\\n%s\\n%s' "$ONYXIA_POST_RENDER_TOKEN" "\${#manifest}" "$manifest" >&3
IFS= read -r verdict <&3
if [[ $verdict == ok ]]; then
  printf '%s\\n' "$manifest"
  exit 0
fi
while IFS= read -r line || [[ -n $line ]]; do echo "$line" >&2; done <&3
exit 1
`;

/** The variable of helm's environment (inherited by the post-renderer) that holds the token. */
export const POST_RENDER_TOKEN_VARIABLE = "ONYXIA_POST_RENDER_TOKEN";

export interface GateRegistration {
  /** The helm arguments that route this call's manifests through the check. */
  args: string[];
  /** What helm's environment needs for it (the token). */
  env: Record<string, string>;
  /** What the check threw, once helm has run (undefined: accepted or never asked). */
  refusal(): unknown;
  /** When the post-renderer's request was accepted, read whole, and answered (once asked). */
  timing(): GateTiming | undefined;
  /** Forgets the token. */
  close(): void;
}

/** performance.now() instants of one post-render request, as the server saw them. */
export interface GateTiming {
  /** The post-renderer's connection accepted (the event loop got to it). */
  connectedAt: number;
  /** Its whole request read. */
  receivedAt: number;
  /** The check done and the answer written. */
  answeredAt: number;
}

interface Entry {
  check: ManifestCheck;
  refusal?: unknown;
  timing?: GateTiming;
}

/** The first bash on `pathVariable` (helm's inherited PATH), else in /bin or /usr/bin. */
export function findBash(pathVariable = ""): string {
  for (const dir of [...pathVariable.split(path.delimiter).filter(Boolean), "/bin", "/usr/bin"]) {
    const candidate = path.join(dir, "bash");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return "/bin/bash";
}

export class PostRenderGate {
  private readonly checks = new Map<string, Entry>();
  private listening: Promise<{ port: number; script: string }> | undefined;
  private server: Server | undefined;
  private dir: string | undefined;

  constructor(private readonly bash: string = findBash()) {}

  async register(check: ManifestCheck): Promise<GateRegistration> {
    const { port, script } = await this.listen();
    const token = randomBytes(24).toString("hex");
    const entry: Entry = { check };
    this.checks.set(token, entry);
    return {
      args: [
        `--post-renderer=${this.bash}`,
        `--post-renderer-args=${script}`,
        `--post-renderer-args=${port}`,
      ],
      env: { [POST_RENDER_TOKEN_VARIABLE]: token },
      refusal: () => entry.refusal,
      timing: () => entry.timing,
      close: () => this.checks.delete(token),
    };
  }

  /** Runs the check of the token's launch on the manifests; the answer line(s) for the script. */
  private async verdict(token: string, manifest: string, connectedAt: number): Promise<string> {
    const entry = this.checks.get(token);
    if (!entry) return "refused\nunknown or expired post-render token\n";
    this.checks.delete(token); // one request per token: helm runs its post-renderer once
    const receivedAt = performance.now();
    try {
      await entry.check(manifest);
      return "ok\n";
    } catch (error) {
      entry.refusal = error;
      return `refused\n${(error as Error).message ?? String(error)}\n`;
    } finally {
      entry.timing = { connectedAt, receivedAt, answeredAt: performance.now() };
    }
  }

  private listen(): Promise<{ port: number; script: string }> {
    this.listening ??= new Promise((resolve, reject) => {
      const dir = mkdtempSync(path.join(tmpdir(), "onyxia-post-render-")); // mode 0700
      this.dir = dir;
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      const script = path.join(dir, "post-render.sh");
      writeFileSync(script, POST_RENDER_SCRIPT, { mode: 0o500 });
      this.server = createServer((socket) => {
        const connectedAt = performance.now();
        let head = Buffer.alloc(0); // until the token and length lines are in
        let header: { token: string; length: number } | undefined;
        const body: Buffer[] = [];
        let received = 0;
        const refuse = (reason: string) => void socket.end(`refused\n${reason}\n`);
        socket.setTimeout(IDLE_MS, () => socket.destroy());
        socket.on("error", () => undefined);
        socket.on("data", (part: Buffer) => {
          if (header && received >= header.length) return; // already answering
          if (!header) {
            head = Buffer.concat([head, part]);
            const first = head.indexOf(10);
            const second = first < 0 ? -1 : head.indexOf(10, first + 1);
            if (second < 0) {
              if (head.length > MAX_HEADER_BYTES) refuse("malformed post-render request");
              return;
            }
            const length = Number(head.subarray(first + 1, second).toString("utf8"));
            if (!Number.isSafeInteger(length) || length < 0 || length > MAX_MANIFEST_BYTES)
              return refuse("malformed post-render request");
            header = { token: head.subarray(0, first).toString("utf8"), length };
            part = head.subarray(second + 1);
          }
          body.push(part);
          received += part.length;
          if (received > header.length) return refuse("malformed post-render request");
          if (received < header.length) return;
          const manifest = Buffer.concat(body).toString("utf8");
          void this.verdict(header.token, manifest, connectedAt).then((answer) =>
            socket.end(answer),
          );
        });
      });
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () =>
        resolve({ port: (this.server!.address() as AddressInfo).port, script }),
      );
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
