// Kubernetes access for the services pages (and the write side: reuse createKubeClient,
// kubeConfigForRegion and the namespace caches).
export {
  createKubeClient,
  statusMessage,
  type CallIdentity,
  type KubeClient,
  type KubeList,
  type KubeClientOptions,
  type Query,
  type SendOptions,
  type SocketCounts,
  type StreamBudget,
  type WatchEvent,
  type WatchHandle,
} from "./client.ts";
export {
  EventHubs,
  NamespaceEventHub,
  type EventHubOptions,
  type EventSubscription,
  type RawEvent,
} from "./event-hub.ts";
export {
  ClusterCaches,
  reservedStreams,
  WATCHES_PER_NAMESPACE,
  watchableNamespaces,
  type ClusterCachesOptions,
} from "./cluster.ts";
export {
  KubernetesApiError,
  KubernetesPermissionError,
  KubernetesUnavailableError,
} from "./errors.ts";
export {
  inClusterKubeconfig,
  KubeAccess,
  kubeConfigForRegion,
  loadKubeconfigFiles,
  type KubeCredentials,
} from "./kubeconfig.ts";
export { helmDecodeStats, NamespaceCache, type HelmReleaseEntry } from "./namespace-cache.ts";
export { namespacedKey, Reflector, type ReflectorOptions } from "./reflector.ts";
export {
  ClusterIndex,
  LazyClusterIndex,
  type ClusterIndexOptions,
  type IndexedPod,
  type KubeNode,
  type KubeResourceQuota,
} from "./cluster-index.ts";
