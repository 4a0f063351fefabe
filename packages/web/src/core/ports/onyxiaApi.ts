// The Onyxia REST API as the use cases see it (reference §1). Implemented over fetch by
// adapters/onyxia-api; a test passes an object of its own. Failures are thrown as ApiError.
import type {
  CatalogsResponse,
  ChartJson,
  EditDiff,
  JSONSchema,
  LaunchRequest,
  PublicConfiguration,
  QuotaResponse,
  RevisionsResponse,
  Service,
  ServicesResponse,
  UserInfo,
} from "@onyxia-ts/core";

/** Sent with every call, as Onyxia's web does: read at each call from the session and preferences. */
export interface RequestContext {
  region?: string | undefined;
  project?: string | undefined;
  /** The current access token (renewed by the OIDC layer); undefined when anonymous. */
  accessToken?: string | undefined;
  /** Ask the API for the equivalent commands (the command bar is on). */
  withCommands?: boolean | undefined;
}

export interface LogsQuery {
  serviceId: string;
  taskId: string;
  container?: string | undefined;
  follow: boolean;
  tailLines: number;
}

export interface OnyxiaApi {
  configuration(signal?: AbortSignal): Promise<PublicConfiguration>;
  userInfo(signal?: AbortSignal): Promise<UserInfo>;
  /** Checked: every catalog carries its charts in `catalog.latestPackages`. */
  catalogs(loggedIn: boolean, signal?: AbortSignal): Promise<CatalogsResponse>;
  /** Newest first. */
  chartVersions(catalogId: string, chartName: string, signal?: AbortSignal): Promise<ChartJson[]>;
  chartSchema(
    catalogId: string,
    chartName: string,
    version: string,
    signal?: AbortSignal,
  ): Promise<JSONSchema>;
  /** GET /profile/schema: undefined when the server has no profile form (an empty body). */
  profileSchema(signal?: AbortSignal): Promise<JSONSchema | undefined>;
  services(signal?: AbortSignal): Promise<ServicesResponse>;
  service(serviceId: string, signal?: AbortSignal): Promise<Service>;
  quota(signal?: AbortSignal): Promise<QuotaResponse>;
  /** The release name comes back in the x-onyxia-release header; `timing` is the server-timing header. */
  launch(request: LaunchRequest): Promise<{ release: string; timing: string | null }>;
  uninstall(release: string): Promise<{ success: boolean }>;
  rename(serviceID: string, friendlyName: string): Promise<void>;
  share(serviceID: string, share: boolean): Promise<void>;
  suspend(serviceID: string): Promise<void>;
  resume(serviceID: string): Promise<void>;
  /** "Not now": keep an idle service running for another window (idle suspend). */
  postponeIdle(serviceID: string): Promise<void>;
  diff(serviceID: string, options: unknown, packageVersion?: string): Promise<EditDiff>;
  upgrade(
    serviceID: string,
    options: unknown,
    packageVersion?: string,
  ): Promise<{ revision: number; timing: string | null }>;
  revisions(serviceId: string, signal?: AbortSignal): Promise<RevisionsResponse>;
  /** `revision` is undefined when helm did not report the new one. */
  rollback(serviceID: string, revision: number): Promise<{ revision: number | undefined }>;
  onboarding(group: string | undefined): Promise<void>;
  /** A pod's log as a text stream (followed when asked). */
  logs(query: LogsQuery, signal: AbortSignal): Promise<ReadableStream<string>>;
}
