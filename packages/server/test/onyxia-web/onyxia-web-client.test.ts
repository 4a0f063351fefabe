// Drives our API the way Onyxia's own web client does (reference §1.4; WEB
// `core/adapters/onyxiaApi/onyxiaApi.ts`): the same calls, in the same order, with the same
// headers (Authorization when logged in, ONYXIA-REGION, ONYXIA-PROJECT once known), over real
// HTTP, asserting each answer's status and the fields that client reads. A route it awaits and
// we do not answer blanks every page of that client (issue 10: /profile/schema): this test lists
// every such route, so it cannot happen silently again. Launches go through the fake helm and
// Kubernetes ports (test/support), the read side through a fake Kubernetes API over HTTP.
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { repoRoot } from "../../src/config/paths.ts";
import { signingKey, signToken, startIssuer, type LocalIssuer } from "../auth/local-issuer.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { startFakeKubeApi, type FakeKubeApiServer } from "../support/fake-kube-api-server.ts";
import { fakeHelm } from "../support/fake-helm.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";

const profileDirectory = path.join(repoRoot, "catalogs/examples/profile");

/** What Onyxia's web puts on every request (its `getHeaders`). */
interface ClientState {
  token: string | undefined;
  regionId: string | undefined;
  projectId: string | undefined;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function onyxiaWebClient(base: string, state: ClientState) {
  const call = async (method: string, url: string, body?: unknown): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (state.token !== undefined) headers.Authorization = `Bearer ${state.token}`;
    if (state.regionId !== undefined) headers["ONYXIA-REGION"] = state.regionId;
    if (state.projectId !== undefined) headers["ONYXIA-PROJECT"] = state.projectId;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(base + url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      text,
      json: () => JSON.parse(text),
    };
  };
  return {
    get: (url: string) => call("GET", url),
    put: (url: string, body: unknown) => call("PUT", url, body),
    post: (url: string, body: unknown) => call("POST", url, body),
    delete: (url: string) => call("DELETE", url),
  };
}

const region = {
  // The optional keys Onyxia's web reads from /public/configuration.
  expose: { domain: "lab.example", ingressClassName: "nginx" },
  k8sPublicEndpoint: { URL: "https://k8s.lab.example" },
  initScript: "https://lab.example/init.sh",
  quotas: { userEnabled: false, groupEnabled: false },
};

interface Mode {
  name: string;
  extra: () => Record<string, unknown>;
  /** The token Onyxia's web sends (in mode none it has a mock OIDC and may send anything). */
  token: () => Promise<string | undefined>;
  oidc: boolean;
}

let issuer: LocalIssuer;
let issuerKey: Awaited<ReturnType<typeof signingKey>>;

const MODES: Mode[] = [
  { name: "none", extra: () => ({}), token: async () => undefined, oidc: false },
  {
    name: "none, with the token of Onyxia's mock OIDC",
    extra: () => ({}),
    token: async () => "mock-access-token",
    oidc: false,
  },
  {
    name: "openidconnect",
    extra: () => ({
      authentication: { mode: "openidconnect" },
      oidc: { "issuer-uri": issuer.url, clientID: "onyxia", audience: "onyxia" },
    }),
    token: () =>
      signToken(issuer, issuerKey, {
        preferred_username: "jdoe",
        name: "Jane Doe",
        email: "jdoe@lab.example",
        groups: ["ml"],
      }),
    oidc: true,
  },
];

beforeAll(async () => {
  issuerKey = await signingKey("web");
  issuer = await startIssuer([issuerKey]);
});
afterAll(() => issuer.close());

describe.each(MODES)("Onyxia's web client against our API, auth mode $name", (mode) => {
  let app: FastifyInstance;
  let kubeApi: FakeKubeApiServer;
  let base: string;
  const state: ClientState = { token: undefined, regionId: undefined, projectId: undefined };
  let client: ReturnType<typeof onyxiaWebClient>;
  const release = `vscode-lite-${MODES.indexOf(mode)}`;

  beforeAll(async () => {
    const kube = fakeKubernetes();
    kubeApi = await startFakeKubeApi(kube);
    app = await buildApp({
      config: lifecycleConfig({
        region,
        extra: { "profile.schema.directory": profileDirectory, ...mode.extra() },
      }),
      webDistDirectory: null,
      audit: { write: () => undefined },
      platform: {
        kubernetes: { local: kube },
        clients: { local: kubeApi.client },
        helm: fakeHelm(kube),
        random: () => 0.5,
      },
    });
    await app.onyxia.catalogs.start();
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api`;
    client = onyxiaWebClient(base, state);
  });
  afterAll(async () => {
    await app.close();
    await kubeApi.close();
  });

  it("1. startup: /public/configuration with the regions (and their optional keys) and the OIDC block", async () => {
    const res = await client.get("/public/configuration");
    expect(res.status).toBe(200);
    const body = res.json();
    expect(typeof body.build.version).toBe("string");
    expect(Number.isInteger(body.build.timestamp)).toBe(true);
    expect(body.regions.map((r: { id: string }) => r.id)).toEqual(["local"]);
    const services = body.regions[0].services;
    expect(services.expose).toMatchObject({ domain: "lab.example", ingressClassName: "nginx" });
    expect(services.k8sPublicEndpoint).toEqual({ URL: "https://k8s.lab.example" });
    expect(services.initScript).toBe("https://lab.example/init.sh");
    expect(services.server).toBeUndefined();
    if (mode.oidc)
      expect(body.oidcConfiguration).toMatchObject({ issuerURI: issuer.url, clientID: "onyxia" });
    else expect(body.oidcConfiguration).toBeUndefined();
    // The web logs in, then sends the first region on every call.
    state.token = await mode.token();
    state.regionId = body.regions[0].id;
  });

  it("2. startup: /profile/schema, awaited for every user before anything renders", async () => {
    const res = await client.get("/profile/schema");
    expect(res.status).toBe(200);
    const schema = res.json();
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties.aiAssistant.properties)).toContain("apiKey");
  });

  it("3. /user/info: exactly one project without a group, nomComplet to split", async () => {
    const res = await client.get("/user/info");
    expect(res.status).toBe(200);
    const user = res.json();
    const personal = user.projects.filter((p: { group?: string }) => p.group === undefined);
    expect(personal).toHaveLength(1);
    for (const p of user.projects) {
      expect(typeof p.id).toBe("string");
      expect(typeof p.namespace).toBe("string");
      expect(typeof p.name).toBe("string");
      expect(typeof p.vaultTopDir).toBe("string");
    }
    expect(typeof user.idep).toBe("string");
    expect(typeof user.email).toBe("string");
    expect(typeof user.nomComplet).toBe("string");
    expect(user.attributes).toBeUndefined();
    if (mode.oidc) {
      expect(user.idep).toBe("jdoe");
      expect(user.projects.map((p: { group?: string }) => p.group)).toContain("ml");
    }
    state.projectId = personal[0].id;
  });

  it("4. onboarding once per project: 200, or the 409/400 the web treats as done", async () => {
    const first = await client.post("/onboarding", {});
    expect([200, 400, 409]).toContain(first.status);
    const again = await client.post("/onboarding", {});
    expect([200, 400, 409]).toContain(again.status);
  });

  it("5. /public/ip and the catalogs, my-lab when logged in (public otherwise)", async () => {
    const ip = await client.get("/public/ip");
    expect(ip.status).toBe(200);
    expect(typeof ip.json().ip).toBe("string");
    const res = await client.get(
      state.token === undefined ? "/public/catalogs" : "/my-lab/catalogs",
    );
    expect(res.status).toBe(200);
    const catalogs = res.json().catalogs;
    expect(catalogs.length).toBeGreaterThan(0);
    for (const c of catalogs) {
      expect(typeof c.id).toBe("string");
      expect(typeof c.location).toBe("string");
      expect(typeof c.status).toBe("string");
      expect(typeof c.visible.user).toBe("boolean");
      expect(typeof c.visible.project).toBe("boolean");
      expect(typeof c.catalog.latestPackages).toBe("object");
      for (const chart of Object.values(c.catalog.latestPackages) as Record<string, unknown>[]) {
        expect(typeof chart.description === "string" || chart.description === undefined).toBe(true);
        expect(typeof chart.defaultValues).toBe("string");
      }
    }
    const examples = catalogs.find((c: { id: string }) => c.id === "examples");
    expect(Object.keys(examples.catalog.latestPackages)).toContain("vscode-lite");
  });

  let version: string;
  it("6. the launcher: versions, then the resolved schema of the chosen one", async () => {
    const versions = await client.get("/my-lab/catalogs/examples/charts/vscode-lite");
    expect(versions.status).toBe(200);
    const list = versions.json() as { version: string }[];
    expect(list.length).toBeGreaterThan(0);
    for (const v of list) expect(typeof v.version).toBe("string");
    version = list.map((v) => v.version).find((v) => !v.includes("-"))!;
    const schema = await client.get(
      `/my-lab/schemas/examples/charts/vscode-lite/versions/${version}`,
    );
    expect(schema.status).toBe(200);
    expect(schema.json().type).toBe("object");
    expect(schema.json().properties).toBeDefined();
  });

  it("7. launch: PUT /my-lab/app answers [manifest], then GET /my-lab/app?serviceId= succeeds", async () => {
    const put = await client.put("/my-lab/app", {
      catalogId: "examples",
      packageName: "vscode-lite",
      packageVersion: version,
      name: release,
      friendlyName: "my vscode",
      share: false,
      options: {},
      dryRun: false,
    });
    expect(put.status, put.text).toBe(200);
    const manifests = put.json();
    expect(Array.isArray(manifests) && typeof manifests[0]).toBe("string");
    // The web polls every second for 2 minutes; the first answers may be 404 while caches catch up.
    let found: Answer | undefined;
    for (let i = 0; i < 100 && found === undefined; i++) {
      const res = await client.get(`/my-lab/app?serviceId=${release}`);
      if (res.status === 200) found = res;
      else {
        expect(res.status).toBe(404);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(found?.json().id).toBe(release);
  });

  it("8. My services: the fields the web reads from each app", async () => {
    const res = await client.get("/my-lab/services");
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.groups).toEqual([]);
    const app = body.apps.find((a: { id: string }) => a.id === release);
    expect(app).toBeDefined();
    expect(app.chart).toMatch(/^vscode-lite-\d+\.\d+\.\d+/);
    expect(app.chart.split(/-\d+\.\d+\.\d+/)[0]).toBe("vscode-lite");
    expect(app.friendlyName).toBe("my vscode");
    expect(app.catalogId).toBe("examples");
    expect(typeof app.owner).toBe("string");
    expect(typeof app.share).toBe("boolean");
    expect(typeof app.env).toBe("object");
    expect(Array.isArray(app.urls)).toBe(true);
    expect(Array.isArray(app.tasks)).toBe(true);
    expect(typeof app.startedAt).toBe("number");
    expect(typeof app.status).toBe("string");
    expect(typeof app.suspendable).toBe("boolean");
    expect(typeof app.suspended).toBe("boolean");
    expect(
      typeof app.postInstallInstructions === "string" || app.postInstallInstructions === undefined,
    ).toBe(true);
  });

  it("9. rename and share, the quota (403: disabled), then uninstall asserting success", async () => {
    const rename = await client.post("/my-lab/app/rename", {
      serviceID: release,
      friendlyName: "renamed",
    });
    expect(rename.status, rename.text).toBe(200);
    const share = await client.post("/my-lab/app/share", { serviceID: release, share: true });
    expect(share.status, share.text).toBe(200);
    const quota = await client.get("/my-lab/quota");
    expect(quota.status).toBe(403);
    const del = await client.delete(`/my-lab/app?path=${release}`);
    expect(del.status).toBe(200);
    expect(del.json()).toMatchObject({ path: release, success: true });
  });

  it("10. errors the web meets, with onyxia-api's status and shape", async () => {
    // Values the chart's schema refuses: 400 "Validation failed" with errors[] (onyxia-api's
    // RestExceptionHandler: {status, message: "Validation failed", errors}).
    const invalid = await client.put("/my-lab/app", {
      catalogId: "examples",
      packageName: "vscode-lite",
      packageVersion: version,
      name: `${release}-bad`,
      options: { resources: "not an object" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ status: 400, message: "Validation failed" });
    expect(invalid.json().errors.length).toBeGreaterThan(0);
    expect(typeof invalid.json().errors[0]).toBe("string");
    // Unknown chart: 404.
    const unknown = await client.get("/my-lab/catalogs/examples/charts/nope");
    expect(unknown.status).toBe(404);
    // A project the user is not a member of: 403.
    const foreign = await onyxiaWebClient(base, { ...state, projectId: "projet-nobody" }).get(
      "/my-lab/services",
    );
    expect(foreign.status).toBe(403);
    if (mode.oidc) {
      // No token on an authenticated route: 401.
      const anonymous = await onyxiaWebClient(base, { ...state, token: undefined }).get(
        "/user/info",
      );
      expect(anonymous.status).toBe(401);
    }
  });
});
