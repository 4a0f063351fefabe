import { ApiError, extractServerMessage } from "./ApiError.ts";

/** Same-origin by default; tests point it at a local server. */
export const apiConfig = { baseUrl: "/api" };

/** Region and project sent with every call, as Onyxia's web does. */
export const apiSession: { region?: string; project?: string } = {};

export function buildHeaders(session: { region?: string; project?: string }): Record<string, string> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (session.region) headers["ONYXIA-REGION"] = session.region;
  if (session.project) headers["ONYXIA-PROJECT"] = session.project;
  return headers;
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiConfig.baseUrl + path, { headers: buildHeaders(apiSession), signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("network", path, `Network failure on GET ${path}: ${String(error)}`);
  }
  const body = await response.text();
  if (!response.ok) {
    const serverMessage = extractServerMessage(body);
    throw new ApiError(
      "http",
      path,
      `GET ${path} failed with HTTP ${response.status}${serverMessage ? `: ${serverMessage}` : ""}`,
      response.status,
      serverMessage,
    );
  }
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new ApiError("invalid-response", path, `GET ${path} did not return JSON`, response.status);
  }
}
