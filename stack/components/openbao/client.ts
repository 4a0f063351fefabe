// A small Vault HTTP API client (fetch), enough for provisioning and tests.

export class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
    message: string,
  ) {
    super(message);
  }
}

export class VaultClient {
  constructor(
    readonly address: string,
    public token?: string,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    apiPath: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers["x-vault-token"] = this.token;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.address}/v1/${apiPath.replace(/^\//, "")}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const errors = (json.errors as string[] | undefined) ?? [];
      throw new VaultError(
        response.status,
        errors,
        `${method} ${apiPath}: ${response.status} ${errors.join("; ")}`,
      );
    }
    return json as T;
  }

  /** JWT login; returns a client holding the new token. */
  async loginWithJwt(mount: string, role: string, jwt: string): Promise<VaultClient> {
    const result = await this.request<{ auth: { client_token: string } }>(
      "POST",
      `auth/${mount}/login`,
      { role, jwt },
    );
    return new VaultClient(this.address, result.auth.client_token);
  }
}
