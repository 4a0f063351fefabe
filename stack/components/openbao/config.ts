// The secrets server's files and names: persistent file storage in `.stack/openbao/`,
// initialised once with a single unseal key (kept next to it: a local stack, not a vault).
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";

export const VAULT_ADDR = `http://${HOST}:${PORTS.openbao}`;
export const KV_MOUNT = "onyxia-kv";
export const JWT_MOUNT = "jwt";
export const USER_ROLE = "onyxia-user";
export const USER_POLICY = "onyxia-user";
export const groupPolicyName = (group: string) => `projet-${group}`;

export const vaultDirs = (ctx: StackContext) => {
  const dir = path.join(ctx.stateDir, "openbao");
  return {
    dir,
    data: path.join(dir, "data"),
    config: path.join(dir, "server.hcl"),
    init: path.join(dir, "init.json"),
    provisioned: path.join(dir, "provisioned.json"),
  };
};

export interface InitResult {
  keys: string[];
  keys_base64: string[];
  root_token: string;
}

export function readInit(ctx: StackContext): InitResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(vaultDirs(ctx).init, "utf8")) as InitResult;
  } catch {
    return undefined;
  }
}

export function writeServerConfig(ctx: StackContext): string {
  const dirs = vaultDirs(ctx);
  fs.mkdirSync(dirs.data, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    dirs.config,
    `storage "file" {\n  path = ${JSON.stringify(dirs.data)}\n}\n` +
      `listener "tcp" {\n  address = "${HOST}:${PORTS.openbao}"\n  tls_disable = true\n}\n` +
      `api_addr = "${VAULT_ADDR}"\ndisable_mlock = true\nui = false\n`,
  );
  return dirs.config;
}
