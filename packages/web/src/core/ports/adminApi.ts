// The admin view's API (/admin/**, issue 17), for members of an admin role only (403 otherwise).
import type {
  AdminAction,
  AdminActionResponse,
  AdminCapacityResponse,
  AdminQuotasResponse,
  AdminServicesQuery,
  AdminServicesResponse,
} from "@onyxia-ts/core";

export interface AdminTarget {
  namespace: string;
  release: string;
}

export interface AdminApi {
  services(query: AdminServicesQuery, signal?: AbortSignal): Promise<AdminServicesResponse>;
  /** The filtered, sorted listing as CSV text (every page). */
  servicesCsv(query: AdminServicesQuery, signal?: AbortSignal): Promise<string>;
  quotas(signal?: AbortSignal): Promise<AdminQuotasResponse>;
  capacity(signal?: AbortSignal): Promise<AdminCapacityResponse>;
  act(action: AdminAction, target: AdminTarget, reason: string): Promise<AdminActionResponse>;
}
