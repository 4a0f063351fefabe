// Builds the pinned Vault-API server into the cache (stack/go/openbao pins the module).
// OpenBao's root module is refused by the Go module proxy reachable here, so this builds
// HashiCorp Vault, which OpenBao forked and whose HTTP API (KV v2, JWT auth) it keeps.
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { goBuild } from "../../lib/go-build.ts";

export const VAULT_MODULE = "github.com/hashicorp/vault";
export const VAULT_VERSION = "v1.21.0";

export const vaultBinary = (ctx: StackContext) =>
  path.join(ctx.cacheDir, `openbao-vault-${VAULT_VERSION}`, "bin", "vault");

export async function buildVault(ctx: StackContext): Promise<void> {
  if (fs.existsSync(vaultBinary(ctx))) return;
  await goBuild({
    label: "openbao (vault)",
    moduleDir: path.join(ctx.root, "stack", "go", "openbao"),
    packages: [VAULT_MODULE],
    // Below the Kubernetes build (nice 10), which most stack tests wait for.
    niceness: 13,
    outDir: path.dirname(vaultBinary(ctx)),
    log: ctx.log,
  });
}
