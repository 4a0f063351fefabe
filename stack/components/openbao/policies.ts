// Templated ACL policies. The user's own tree uses the entity alias of the JWT mount (its name
// is the `preferred_username` claim). Groups get one policy each, attached to an external
// identity group whose alias is the group name in the `groups` claim: Vault templating has no
// "for each group of the entity" form.
import { KV_MOUNT } from "./config.ts";

const CAPABILITIES = '["create", "read", "update", "patch", "delete", "list"]';

/** Rules for the KV v2 tree `<KV_MOUNT>/<name>` and everything below it. */
function treeRules(name: string): string {
  return ["data", "metadata", "delete", "undelete", "destroy"]
    .flatMap((kind) => [`${KV_MOUNT}/${kind}/${name}`, `${KV_MOUNT}/${kind}/${name}/*`])
    .map((path) => `path "${path}" {\n  capabilities = ${CAPABILITIES}\n}\n`)
    .join("");
}

export function userPolicy(jwtAccessor: string): string {
  return treeRules(`user-{{identity.entity.aliases.${jwtAccessor}.name}}`);
}

export function groupPolicy(group: string): string {
  return treeRules(`projet-${group}`);
}
