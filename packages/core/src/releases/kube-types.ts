// The few Kubernetes object fields the services logic reads. Structural, so the server can pass
// @kubernetes/client-node objects and the browser plain JSON, without a client library in core.

export interface KubeMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string | Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeSecret {
  metadata?: KubeMeta;
  type?: string;
  /** Base64 values, as the API serves them. */
  data?: Record<string, string>;
}

export interface KubeContainerStatus {
  name: string;
  ready: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: unknown;
    terminated?: { reason?: string; exitCode?: number; message?: string };
  };
}

export interface KubePod {
  metadata?: KubeMeta;
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: KubeContainerStatus[];
    initContainerStatuses?: KubeContainerStatus[];
  };
}

/** Deployment, StatefulSet or DaemonSet (the kinds whose readiness Onyxia reports). */
export interface KubeWorkload {
  kind?: string;
  metadata?: KubeMeta;
  spec?: { replicas?: number };
  status?: {
    readyReplicas?: number;
    desiredNumberScheduled?: number;
    numberReady?: number;
    /** A Deployment's ReplicaFailure (pods it cannot create, e.g. refused by a quota)… */
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

export interface KubeEvent {
  metadata?: KubeMeta;
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  count?: number;
  lastTimestamp?: string | Date | null;
  eventTime?: string | Date | null;
}
