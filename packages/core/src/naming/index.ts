// Naming rules for everything that reaches Kubernetes or the helm command line (reference §1.5).
export { assertValidName, InvalidNameError, type NameValidation } from "./validation.ts";
export {
  checkCatalogId,
  checkChartName,
  checkChartVersion,
  checkNamespace,
  checkReleaseName,
  checkUsername,
  MAX_RELEASE_NAME_LENGTH,
} from "./rules.ts";
export { checkDnsLabel, checkDnsSubdomain } from "./dns-names.ts";
export { generateReleaseName, releaseNameFor } from "./release-name.ts";
