export { helmBinary, kubectlBinary, toolsBinDirectory, PINNED_HELM_VERSION } from "./binaries.ts";
