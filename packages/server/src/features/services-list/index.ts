// The services read side: Service objects from the namespace watch caches, as each caller sees them.
export { decodeStats, namespaceServices, type ReleaseIndexOptions } from "./release-index.ts";
export {
  LISTING_BODIES_KEPT,
  serviceTask,
  servicesListing,
  visibleService,
} from "./services-list.ts";
