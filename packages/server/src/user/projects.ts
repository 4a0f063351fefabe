// The user's projects in a region (reference §11): the personal one first, then one per group
// when the region gives each user and group its own namespace.
import type { Region } from "@onyxia-ts/core";
import type { Project, User } from "./types.ts";

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const SINGLE_PROJECT_ID = "single-project";

function isNamespace(name: string | undefined): name is string {
  return name !== undefined && name.length <= 63 && RFC1123_LABEL.test(name);
}

/** The group's project base name: `includedGroupPattern` rewritten by `transformGroupPattern`. */
export function groupBaseName(group: string, region: Region): string {
  const { includedGroupPattern: pattern, transformGroupPattern: replacement } = region;
  if (pattern === undefined || replacement === undefined) return group;
  // Like Java's Matcher.replaceAll: a group that does not match is kept unchanged.
  return group.replace(new RegExp(pattern, "g"), replacement);
}

const excludedCache = new Map<string, RegExp>();

/**
 * `excludedGroupPattern`: groups that fully match it get no project. Onyxia declares the key but
 * never reads it; we honour it, before `includedGroupPattern` rewrites the name.
 */
export function isExcludedGroup(group: string, region: Region): boolean {
  const pattern = region.excludedGroupPattern;
  if (pattern === undefined || pattern === "") return false;
  let regex = excludedCache.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${pattern})$`); // Validated as a regex when the config loads.
    excludedCache.set(pattern, regex);
  }
  return regex.test(group);
}

/**
 * `ownNamespace` is the server's namespace, shared by everyone in singleNamespace mode.
 * Projects whose namespace is not an RFC 1123 label are dropped, as Onyxia does.
 */
export function projectsFor(user: User, region: Region, ownNamespace: string): Project[] {
  const services = region.services;
  const vaultPrefix = region.vault?.prefix ?? "";
  if (services.singleNamespace) {
    const single: Project = {
      id: SINGLE_PROJECT_ID,
      name: "Single namespace, single project",
      namespace: ownNamespace,
      vaultTopDir: vaultPrefix + user.idep,
    };
    return isNamespace(single.namespace) ? [single] : [];
  }
  const projects: Project[] = [];
  const personalId = services.namespacePrefix + user.idep;
  if (services.userNamespace && isNamespace(personalId)) {
    projects.push({
      id: personalId,
      name: `${user.idep} personal project`,
      namespace: personalId,
      vaultTopDir: vaultPrefix + user.idep,
    });
  }
  const groupVaultPrefix = region.vault?.groupPrefix ?? "";
  for (const group of user.groups) {
    if (isExcludedGroup(group, region)) continue;
    const id = services.groupNamespacePrefix + groupBaseName(group, region);
    if (!isNamespace(id) || projects.some((p) => p.id === id)) continue;
    projects.push({
      id,
      group,
      namespace: id,
      name: `${group} group project`,
      vaultTopDir: groupVaultPrefix + id,
    });
  }
  return projects;
}

/**
 * Whether `namespace` is one of the region's project namespaces (a user's or a group's, or the
 * single shared one): what the admin view lists and may act on, never kube-system or the like.
 */
export function isProjectNamespace(
  region: Region,
  ownNamespace: string,
  namespace: string,
): boolean {
  const services = region.services;
  if (services.singleNamespace) return namespace === ownNamespace;
  if (!isNamespace(namespace)) return false;
  return [services.namespacePrefix, services.groupNamespacePrefix].some(
    (prefix) => namespace.startsWith(prefix) && namespace.length > prefix.length,
  );
}
