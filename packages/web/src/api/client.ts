import { ApiError, extractServerErrors, extractServerMessage } from "./ApiError.ts";
import { commandsOfAnswer, logCommands } from "./commandLog.ts";

/** Same-origin by default; tests point it at a local server. */
export const apiConfig = { baseUrl: "/api" };

/** Region, project and bearer token sent with every call, as Onyxia's web does. */
export const apiSession: {
  region?: string;
  project?: string;
  /** Returns the current access token (renewed by the OIDC layer); undefined when anonymous. */
  accessToken?: () => string | undefined;
  /** The decoded ID token's claims (S3 profiles and bookmarks are templated from them). */
  idTokenClaims?: () => Record<string, unknown> | undefined;
  /** Ask the API for the equivalent commands (the command bar is on). */
  withCommands?: boolean;
} = {};

export function buildHeaders(session: typeof apiSession): Record<string, string> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (session.region) headers["ONYXIA-REGION"] = session.region;
  if (session.project) headers["ONYXIA-PROJECT"] = session.project;
  const token = session.accessToken?.();
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (session.withCommands) headers["Onyxia-With-Commands"] = "true";
  return headers;
}

export interface ApiAnswer<T> {
  data: T;
  headers: Headers;
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

/** One API call: JSON in and out, typed errors, and the commands it reports sent to the command bar. */
export async function apiRequest<T>(
  method: HttpMethod,
  path: string,
  options: { body?: unknown; signal?: AbortSignal | undefined } = {},
): Promise<ApiAnswer<T>> {
  const { body, signal } = options;
  const headers = buildHeaders(apiSession);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(apiConfig.baseUrl + path, {
      method,
      headers,
      signal: signal ?? null,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("network", path, `Network failure on ${method} ${path}: ${String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const serverMessage = extractServerMessage(text);
    throw new ApiError(
      "http",
      path,
      `${method} ${path} failed with HTTP ${response.status}${serverMessage ? `: ${serverMessage}` : ""}`,
      response.status,
      serverMessage,
      extractServerErrors(text),
    );
  }
  let data: T;
  try {
    data = (text === "" ? undefined : JSON.parse(text)) as T;
  } catch {
    throw new ApiError(
      "invalid-response",
      path,
      `${method} ${path} did not return JSON`,
      response.status,
    );
  }
  logCommands(`${method} ${path.split("?")[0]}`, commandsOfAnswer(response.headers, data));
  return { data, headers: response.headers };
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await apiRequest<T>("GET", path, { signal })).data;
}
