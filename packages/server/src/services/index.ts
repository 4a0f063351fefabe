// Services read side on the server: the runtime (clusters and caches) and the namespace listing.
export { decodeStats, namespaceServices, type ReleaseIndexOptions } from "./release-index.ts";
export { ServicesRuntime, type ServicesRuntimeOptions } from "./runtime.ts";
export { identityKey, ReadAccess, type ReadAccessOptions } from "./read-access.ts";
