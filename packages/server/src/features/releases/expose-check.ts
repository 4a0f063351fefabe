// A region without `services.expose.domain` gives every chart's ingress host as "<name>." (the
// `{{k8s.domain}}` of the launch context is empty), which Kubernetes refuses deep in helm's
// apply. The check below refuses such manifests first, in helm's post-renderer like the quota,
// naming the region key an administrator has to set; the server warns about it at start
// (core config/resolve-config.ts).
import { invalidExposedHosts, manifestObjects, type Region } from "@onyxia-ts/core";
import { ConflictError } from "../../domain/errors.ts";
import type { ManifestCheck } from "../../platform/ports.ts";

/** The check for a region without a domain; undefined when the region has one. */
export function exposeDomainCheck(
  region: Pick<Region, "id" | "services">,
): ManifestCheck | undefined {
  if (region.services.expose?.domain?.trim()) return undefined;
  return (manifest) => {
    const hosts = invalidExposedHosts(manifestObjects(manifest));
    if (hosts.length === 0) return;
    throw new ConflictError(
      `Region "${region.id}" has no domain to expose services (services.expose.domain is not set), ` +
        `so this service's host ${hosts.map((h) => JSON.stringify(h)).join(", ")} is not a valid ` +
        `host name: turn its ingress off, or ask an administrator to set services.expose.domain`,
      { title: "No domain to expose services" },
    );
  };
}

/** The checks in order, as one (a refusal stops at the first); undefined when there are none. */
export function allChecks(...checks: (ManifestCheck | undefined)[]): ManifestCheck | undefined {
  const present = checks.filter((c): c is ManifestCheck => c !== undefined);
  if (present.length <= 1) return present[0];
  return async (manifest) => {
    for (const check of present) await check(manifest);
  };
}
