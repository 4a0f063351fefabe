// The namespace's Kubernetes Events, listed then followed through one shared watch.
export {
  eventVisibility,
  eventVisibilityOf,
  eventWatches,
  EventStreamSlots,
  namespaceEvents,
  type EventStreamHandlers,
  type EventStreamLimits,
} from "./namespace-events.ts";
