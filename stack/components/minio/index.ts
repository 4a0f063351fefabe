// The stack's S3: MinIO built from its Go module, OpenID STS against the stack issuer,
// per-user (`user-<name>`) and per-group (`projet-<group>`) buckets.
import fs from "node:fs";
import path from "node:path";
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { runningPid, spawnDetached } from "../../lib/processes.ts";
import { pollUntil, sleep } from "../../lib/time.ts";
import { pkiPaths } from "../oidc/pki.ts";
import { buildMinio, minioBinary, MINIO_VERSION } from "./build.ts";
import {
  MINIO_ROOT_PASSWORD,
  MINIO_ROOT_USER,
  minioDirs,
  minioProcessEnv,
  S3_ENDPOINT,
  S3_REGION,
} from "./config.ts";
import { provisionMinio } from "./provision.ts";

const NAME = "minio";

async function probe(path: "live" | "ready"): Promise<boolean> {
  try {
    return (
      await fetch(`${S3_ENDPOINT}/minio/health/${path}`, { signal: AbortSignal.timeout(2000) })
    ).ok;
  } catch {
    return false;
  }
}

/**
 * Policies and buckets. On a fresh data folder MinIO reports ready before its IAM subsystem is
 * up, and the admin API answers 503 "Server not initialized" for a few seconds: provisioning is
 * idempotent, so it is retried until then.
 */
async function provisionWhenInitialized(ctx: StackContext): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await provisionMinio();
    } catch (error) {
      if (!/503|not initialized/i.test(String(error)) || Date.now() > deadline) throw error;
      if (attempt === 1) ctx.log("minio: waiting for its IAM subsystem to initialize");
      await sleep(500);
    }
  }
}

/** The process answers HTTP. */
const live = () => probe("live");
/** Its object layer is initialized: before that, the admin API answers 503 "Server not initialized". */
const ready = () => probe("ready");

const minio: StackComponent = {
  name: NAME,
  dependsOn: ["oidc"],
  async build(ctx) {
    if (fs.existsSync(minioBinary(ctx))) return;
    const started = Date.now();
    ctx.log(`minio: building ${MINIO_VERSION} (first time only; many minutes on 2 cores)`);
    await buildMinio(ctx);
    ctx.log(`minio: built in ${Math.round((Date.now() - started) / 1000)}s`);
  },
  async start(ctx) {
    const dirs = minioDirs(ctx);
    fs.rmSync(dirs.provisioned, { force: true });
    if (runningPid(ctx, NAME) === undefined) {
      fs.mkdirSync(dirs.data, { recursive: true });
      fs.mkdirSync(path.join(dirs.certs, "CAs"), { recursive: true });
      fs.copyFileSync(pkiPaths(ctx.stateDir).caCert, path.join(dirs.certs, "CAs", "stack-ca.crt"));
      spawnDetached(ctx, {
        name: NAME,
        command: minioBinary(ctx),
        args: [
          "server",
          "--quiet",
          "--address",
          `${HOST}:${PORTS.minio}`,
          "--console-address",
          `${HOST}:${PORTS.minioConsole}`,
          "--certs-dir",
          dirs.certs,
          dirs.data,
        ],
        env: minioProcessEnv(),
      });
    }
    if (!(await pollUntil(ready, 60_000)))
      throw new Error(`minio did not become ready on ${S3_ENDPOINT} (see .stack/logs/minio.log)`);
    const buckets = await provisionWhenInitialized(ctx);
    fs.writeFileSync(dirs.provisioned, JSON.stringify({ buckets, at: new Date().toISOString() }));
    ctx.log(`minio: policies and buckets ready (${buckets.join(", ")})`);
  },
  async healthy(ctx) {
    return fs.existsSync(minioDirs(ctx).provisioned) && (await live());
  },
  env() {
    return {
      S3_ENDPOINT,
      S3_REGION,
      S3_STS_ENDPOINT: S3_ENDPOINT,
      S3_CONSOLE_URL: `http://${HOST}:${PORTS.minioConsole}`,
      // Root credentials: admin use only (provisioning, debugging), never handed to users.
      S3_ADMIN_ACCESS_KEY_ID: MINIO_ROOT_USER,
      S3_ADMIN_SECRET_ACCESS_KEY: MINIO_ROOT_PASSWORD,
      MINIO_PORT: String(PORTS.minio),
    };
  },
};

export default minio;
