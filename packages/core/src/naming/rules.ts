import { checkCharacters, checkDnsLabel, checkDnsSubdomain } from "./dns-names.ts";
import type { NameValidation } from "./validation.ts";

export { checkChartVersion } from "./semver.ts";

/** Helm release names are RFC 1123 subdomains of at most 53 characters (Helm's own limit). */
export const MAX_RELEASE_NAME_LENGTH = 53;

export function checkReleaseName(value: unknown): NameValidation {
  return checkDnsSubdomain(value, MAX_RELEASE_NAME_LENGTH);
}

/** Kubernetes namespaces are RFC 1123 labels of at most 63 characters. */
export function checkNamespace(value: unknown): NameValidation {
  return checkDnsLabel(value, 63);
}

/** A username (Onyxia "idep") becomes part of a namespace, so it must be an RFC 1123 label. */
export function checkUsername(value: unknown): NameValidation {
  return checkDnsLabel(value, 63);
}

/** Chart names: lowercase, like every chart in real catalogs; "." and "_" accepted as Helm does. */
export function checkChartName(value: unknown): NameValidation {
  const result = checkCharacters(value, {
    maxLength: 63,
    allowed: /^[a-z0-9._-]$/,
    allowedDescription: 'lowercase letters, digits, "-", "_" and "."',
    edge: /^[a-z0-9]$/,
    edgeDescription: "a lowercase letter or a digit",
  });
  if (result.ok && (value as string).includes(".."))
    return { ok: false, reason: 'must not contain ".."' };
  return result;
}

/** Catalog ids name helm repositories and URL path segments. */
export function checkCatalogId(value: unknown): NameValidation {
  const result = checkCharacters(value, {
    maxLength: 63,
    allowed: /^[A-Za-z0-9._-]$/,
    allowedDescription: 'letters, digits, "-", "_" and "."',
    edge: /^[A-Za-z0-9]$/,
    edgeDescription: "a letter or a digit",
  });
  if (result.ok && (value as string).includes(".."))
    return { ok: false, reason: 'must not contain ".."' };
  return result;
}
