import path from "node:path";
import { repoRoot } from "../config/paths.ts";

// scripts/install-tools.mjs (root postinstall) places the pinned CLIs here (the image copies helm
// to the same place under its root).
export const toolsBinDirectory = path.join(repoRoot, ".tools", "bin");

/** Path of the helm CLI: HELM_BIN when set in `env`, else the pinned Helm 3.18.0 in <repo>/.tools/bin. */
export function helmBinary(env: Record<string, string | undefined> = {}): string {
  return env.HELM_BIN || path.join(toolsBinDirectory, "helm");
}

/** Path of the kubectl CLI: $KUBECTL_BIN when set, else the pinned kubectl in <repo>/.tools/bin. */
export function kubectlBinary(env: Record<string, string | undefined> = {}): string {
  return env.KUBECTL_BIN || path.join(toolsBinDirectory, "kubectl");
}

/** The Helm version the pinned binary reports (`helm version --short` prefix). */
export const PINNED_HELM_VERSION = "v3.18.0";
