// A caller's own token replaces the server's credentials: the apiserver prefers a client
// certificate over a bearer token, so the certificate must go too.
import { describe, expect, it } from "vitest";
import { withIdentity } from "../../src/kubernetes/request-options.ts";

const server = {
  cert: "CERT",
  key: "KEY",
  ca: "CA",
  headers: { authorization: "Bearer server", accept: "application/json" },
};

describe("withIdentity", () => {
  it("drops the server's certificate and token when the caller brings an Authorization", () => {
    const options = withIdentity(server, { Authorization: "Bearer alice" });
    expect(options.cert).toBeUndefined();
    expect(options.key).toBeUndefined();
    expect(options.ca).toBe("CA");
    expect(options.headers).toEqual({ accept: "application/json", Authorization: "Bearer alice" });
  });

  it("keeps the server's credentials when impersonating, with a repeated Impersonate-Group", () => {
    const options = withIdentity(server, {
      "Impersonate-User": "oidc-bob",
      "Impersonate-Group": ["a", "b"],
    });
    expect(options.cert).toBe("CERT");
    expect(options.headers).toMatchObject({
      authorization: "Bearer server",
      "Impersonate-Group": ["a", "b"],
    });
  });
});
