// The stack's secrets server, kept under the "openbao" name the orchestrator expects. It is
// HashiCorp Vault built from its Go module (see build.ts for why not OpenBao), with the same
// API Onyxia uses: KV v2 and JWT login.
import fs from "node:fs";
import type { StackComponent } from "../../lib/component.ts";
import { PORTS } from "../../lib/ports.ts";
import { runningPid, spawnDetached } from "../../lib/processes.ts";
import { pollUntil } from "../../lib/time.ts";
import { buildVault, vaultBinary, VAULT_VERSION } from "./build.ts";
import {
  JWT_MOUNT,
  KV_MOUNT,
  readInit,
  USER_ROLE,
  VAULT_ADDR,
  vaultDirs,
  writeServerConfig,
} from "./config.ts";
import { initAndUnseal, provisionVault } from "./provision.ts";

const NAME = "openbao";

async function answering(): Promise<boolean> {
  try {
    // sys/health answers 501/503 while uninitialised/sealed: any answer means the listener is up.
    const response = await fetch(`${VAULT_ADDR}/v1/sys/health`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.status > 0;
  } catch {
    return false;
  }
}

async function unsealedAndActive(): Promise<boolean> {
  try {
    return (
      (await fetch(`${VAULT_ADDR}/v1/sys/health`, { signal: AbortSignal.timeout(2000) })).status ===
      200
    );
  } catch {
    return false;
  }
}

const openbao: StackComponent = {
  name: NAME,
  dependsOn: ["oidc"],
  async build(ctx) {
    if (fs.existsSync(vaultBinary(ctx))) return;
    const started = Date.now();
    ctx.log(`openbao: building vault ${VAULT_VERSION} (first time only; many minutes on 2 cores)`);
    await buildVault(ctx);
    ctx.log(`openbao: built in ${Math.round((Date.now() - started) / 1000)}s`);
  },
  async start(ctx) {
    const dirs = vaultDirs(ctx);
    fs.rmSync(dirs.provisioned, { force: true });
    if (runningPid(ctx, NAME) === undefined) {
      spawnDetached(ctx, {
        name: NAME,
        command: vaultBinary(ctx),
        args: ["server", `-config=${writeServerConfig(ctx)}`],
        env: { VAULT_LOG_LEVEL: "warn" },
      });
    }
    if (!(await pollUntil(answering, 60_000)))
      throw new Error(`vault did not answer on ${VAULT_ADDR} (see .stack/logs/${NAME}.log)`);
    const init = await initAndUnseal(ctx);
    if (!(await pollUntil(unsealedAndActive, 30_000)))
      throw new Error("vault stayed sealed or standby");
    await provisionVault(ctx, init.root_token);
    fs.writeFileSync(dirs.provisioned, JSON.stringify({ at: new Date().toISOString() }));
    ctx.log(`openbao: unsealed, ${KV_MOUNT} (KV v2), auth/${JWT_MOUNT} role ${USER_ROLE} ready`);
  },
  async healthy(ctx) {
    return fs.existsSync(vaultDirs(ctx).provisioned) && (await unsealedAndActive());
  },
  env(ctx) {
    const rootToken = readInit(ctx)?.root_token;
    return {
      VAULT_ADDR,
      VAULT_PORT: String(PORTS.openbao),
      VAULT_KV_ENGINE: KV_MOUNT,
      VAULT_AUTH_PATH: JWT_MOUNT,
      VAULT_ROLE: USER_ROLE,
      // Root token: admin use only (provisioning, debugging), never handed to users.
      ...(rootToken ? { VAULT_TOKEN: rootToken, VAULT_ADMIN_TOKEN: rootToken } : {}),
    };
  },
};

export default openbao;
