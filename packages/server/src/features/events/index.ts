// The namespace's Kubernetes Events, listed then followed.
export { eventWatches, namespaceEvents, type EventStreamHandlers } from "./namespace-events.ts";
