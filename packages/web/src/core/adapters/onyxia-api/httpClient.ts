// One API call over fetch: JSON in and out, typed errors, the request context's headers, and the
// commands the answer reports handed to `onCommands` (the command bar).
import { ApiError, extractServerErrors, extractServerMessage } from "../../ports/apiError.ts";
import type { RequestContext } from "../../ports/onyxiaApi.ts";

export function buildHeaders(context: RequestContext): Record<string, string> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (context.region) headers["ONYXIA-REGION"] = context.region;
  if (context.project) headers["ONYXIA-PROJECT"] = context.project;
  if (context.accessToken) headers["Authorization"] = `Bearer ${context.accessToken}`;
  if (context.withCommands) headers["Onyxia-With-Commands"] = "true";
  return headers;
}

/** Reads the commands of one API answer: the JSON header first, then a `commands` body field. */
export function commandsOfAnswer(
  headers: { get(name: string): string | null },
  body: unknown,
): string[] {
  for (const name of ["onyxia-commands", "x-onyxia-commands"]) {
    const raw = headers.get(name);
    if (raw) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) return parsed.filter((c): c is string => typeof c === "string");
      } catch {
        /* a malformed header is ignored: the call itself succeeded */
      }
    }
  }
  const fromBody =
    body && typeof body === "object" ? (body as { commands?: unknown }).commands : undefined;
  return Array.isArray(fromBody) ? fromBody.filter((c): c is string => typeof c === "string") : [];
}

export interface ApiAnswer<T> {
  data: T;
  headers: Headers;
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

export interface HttpClientOptions {
  /** "/api" in the app; tests point it at a local server. */
  baseUrl: string;
  context: () => RequestContext;
  /** The helm/kubectl commands an answer reports, e.g. ("PUT /my-lab/app", [...]). */
  onCommands?: (call: string, commands: string[]) => void;
  fetch?: typeof fetch;
}

export interface HttpClient {
  request<T>(
    method: HttpMethod,
    path: string,
    options?: { body?: unknown; signal?: AbortSignal | undefined; accept?: string },
  ): Promise<ApiAnswer<T>>;
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** A streaming answer (logs, events): the body as text chunks, after the status is checked. */
  stream(path: string, accept: string, signal: AbortSignal): Promise<ReadableStream<string>>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = (input: string, init: RequestInit) => (options.fetch ?? fetch)(input, init);

  async function send(
    method: HttpMethod,
    path: string,
    init: { body?: unknown; signal?: AbortSignal | undefined; accept?: string },
  ): Promise<Response> {
    const headers = buildHeaders(options.context());
    if (init.accept) headers["Accept"] = init.accept;
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    try {
      return await doFetch(options.baseUrl + path, {
        method,
        headers,
        signal: init.signal ?? null,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError("network", path, `Network failure on ${method} ${path}: ${String(error)}`);
    }
  }

  function httpError(method: HttpMethod, path: string, status: number, text: string): ApiError {
    const serverMessage = extractServerMessage(text);
    return new ApiError(
      "http",
      path,
      `${method} ${path} failed with HTTP ${status}${serverMessage ? `: ${serverMessage}` : ""}`,
      status,
      serverMessage,
      extractServerErrors(text),
    );
  }

  const call = (method: HttpMethod, path: string) => `${method} ${path.split("?")[0]}`;

  async function request<T>(
    method: HttpMethod,
    path: string,
    init: { body?: unknown; signal?: AbortSignal | undefined; accept?: string } = {},
  ): Promise<ApiAnswer<T>> {
    const response = await send(method, path, init);
    const text = await response.text();
    if (!response.ok) throw httpError(method, path, response.status, text);
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
    options.onCommands?.(call(method, path), commandsOfAnswer(response.headers, data));
    return { data, headers: response.headers };
  }

  return {
    request,
    get: async <T>(path: string, signal?: AbortSignal) =>
      (await request<T>("GET", path, { signal })).data,
    stream: async (path, accept, signal) => {
      const response = await send("GET", path, { signal, accept });
      if (!response.ok || !response.body) {
        throw httpError("GET", path, response.status, await response.text());
      }
      options.onCommands?.(call("GET", path), commandsOfAnswer(response.headers, undefined));
      return response.body.pipeThrough(new TextDecoderStream());
    },
  };
}
