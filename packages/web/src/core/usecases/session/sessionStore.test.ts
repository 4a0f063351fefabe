import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../ports/apiError.ts";
import type { PublicConfiguration, UserInfo } from "@onyxia-ts/core";
import { apiProject, apiUserInfo, publicRegion } from "../../testing/contractFixtures.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import type { Oidc } from "../../ports/oidc.ts";
import { createSessionUseCase } from "./sessionStore.ts";

const configuration: PublicConfiguration = {
  build: { version: "test", timestamp: 0 },
  regions: [publicRegion({ id: "paris" })],
};
const alice = apiUserInfo({
  idep: "alice",
  projects: [
    apiProject({ id: "user-alice" }),
    apiProject({ id: "project-team-a", group: "team-a" }),
  ],
});

function setup(
  options: {
    userInfo?: () => Promise<UserInfo>;
    oidc?: Oidc;
    path?: string;
    authenticationGloballyRequired?: boolean;
  } = {},
) {
  const api = {
    configuration: vi.fn(async () =>
      options.oidc
        ? {
            ...configuration,
            oidcConfiguration: { issuerURI: "https://idp", clientID: "web", scope: "openid" },
          }
        : configuration,
    ),
    userInfo: vi.fn(options.userInfo ?? (async () => alice)),
    onboarding: vi.fn(async () => undefined),
  };
  const catalogs = { get: vi.fn(async () => ({ catalogs: [] })) };
  const storage = memoryStorage();
  const session = createSessionUseCase({
    api,
    catalogs,
    startOidc: async () => async () => options.oidc!,
    storage,
    sessionStorage: memoryStorage(),
    currentPath: () => options.path ?? "/",
    authenticationGloballyRequired: options.authenticationGloballyRequired ?? false,
  });
  return { session, api, catalogs, storage };
}

describe("the session use case", () => {
  it("asks the OIDC session for another client's token, and refuses it before a login", async () => {
    const accessTokenFor = vi.fn(async (o: { clientID?: string }) => `token-of-${o.clientID}`);
    const oidc: Oidc = {
      isLoggedIn: () => true,
      idTokenClaims: () => ({}),
      accessToken: () => "token-1",
      accessTokenFor,
      login: vi.fn(),
      logout: vi.fn(),
      returnTo: undefined,
    };
    const { session } = setup({ oidc });
    await expect(session.accessTokenFor({ clientID: "onyxia-minio" })).rejects.toThrow(
      /another client's token needs a login/,
    );
    await session.load(new AbortController().signal);
    await expect(session.accessTokenFor({ clientID: "onyxia-minio" })).resolves.toBe(
      "token-of-onyxia-minio",
    );
    expect(accessTokenFor).toHaveBeenCalledWith({ clientID: "onyxia-minio" });
  });

  it("is the one source of the region, project and token every call sends", async () => {
    const oidc: Oidc = {
      isLoggedIn: () => true,
      idTokenClaims: () => ({}),
      accessToken: () => "token-1",
      login: vi.fn(),
      logout: vi.fn(),
      returnTo: "/launcher/ide/jupyter",
    };
    const { session, storage } = setup({ oidc });
    expect(session.requestContext()).toEqual({
      region: undefined,
      project: undefined,
      accessToken: undefined,
    });
    const loaded = await session.load(new AbortController().signal);
    expect(loaded).toMatchObject({
      region: "paris",
      userInfo: alice,
      returnTo: "/launcher/ide/jupyter",
    });
    expect(session.requestContext()).toEqual({
      region: "paris",
      project: "user-alice",
      accessToken: "token-1",
    });
    session.selectProject("project-team-a");
    expect(session.requestContext().project).toBe("project-team-a");
    expect(storage.getItem("datalab.selectedProject")).toBe("project-team-a");
  });

  it("treats 401/403/404 on /user/info as an anonymous visitor, and anything else as a failure", async () => {
    const anonymous = setup({
      userInfo: async () => {
        throw new ApiError("http", "/user/info", "401", 401);
      },
    });
    await expect(anonymous.session.load(new AbortController().signal)).resolves.toMatchObject({
      userInfo: undefined,
    });
    const broken = setup({
      userInfo: async () => {
        throw new ApiError("http", "/user/info", "500", 500);
      },
    });
    await expect(broken.session.load(new AbortController().signal)).rejects.toMatchObject({
      status: 500,
    });
  });

  it("does not ask /user/info when the OIDC session has nobody", async () => {
    const oidc: Oidc = {
      isLoggedIn: () => false,
      idTokenClaims: () => ({}),
      accessToken: () => undefined,
      login: vi.fn(),
      logout: vi.fn(),
      returnTo: undefined,
    };
    const { session, api } = setup({ oidc });
    const loaded = await session.load(new AbortController().signal);
    expect(loaded.userInfo).toBeUndefined();
    expect(api.userInfo).not.toHaveBeenCalled();
    loaded.auth?.login();
    expect(oidc.login).toHaveBeenCalled();
  });

  it("sends an anonymous visitor to the login before any page when authentication is globally required", async () => {
    const oidc = (loggedIn: boolean): Oidc => ({
      isLoggedIn: () => loggedIn,
      idTokenClaims: () => ({}),
      accessToken: () => (loggedIn ? "token-1" : undefined),
      login: vi.fn(),
      logout: vi.fn(),
      returnTo: undefined,
    });
    const anonymous = oidc(false);
    const required = setup({ oidc: anonymous, authenticationGloballyRequired: true });
    const abort = new AbortController();
    const pending = required.session.load(abort.signal);
    const settled = vi.fn();
    void pending.then(settled, settled);
    await vi.waitFor(() => expect(anonymous.login).toHaveBeenCalledTimes(1));
    // No session is published: the app stays on its loading screen until the provider's page.
    expect(settled).not.toHaveBeenCalled();
    expect(required.session.getSnapshot().loaded).toBeUndefined();
    abort.abort(new Error("left"));
    await expect(pending).rejects.toThrow("left");

    // A logged-in user, or the variable unset, goes on as before.
    const signedIn = oidc(true);
    const loaded = await setup({
      oidc: signedIn,
      authenticationGloballyRequired: true,
    }).session.load(new AbortController().signal);
    expect(loaded.userInfo?.idep).toBe("alice");
    expect(signedIn.login).not.toHaveBeenCalled();
    const optional = oidc(false);
    await setup({ oidc: optional }).session.load(new AbortController().signal);
    expect(optional.login).not.toHaveBeenCalled();
  });

  it("uses the configuration asked before React rendered, and prefetches the catalogs of a catalog page", async () => {
    const { session, api, catalogs } = setup({ path: "/catalog/ide" });
    session.prefetchConfiguration();
    await session.load(new AbortController().signal);
    expect(api.configuration).toHaveBeenCalledTimes(1);
    expect(catalogs.get).toHaveBeenCalledWith(true, "user-alice");
  });

  it("onboards each project once per browser session", async () => {
    const { session, api } = setup();
    const project = apiProject({ id: "project-team-a", group: "team-a" });
    session.onboardOnce(project);
    session.onboardOnce(project);
    expect(api.onboarding).toHaveBeenCalledTimes(1);
    expect(api.onboarding).toHaveBeenCalledWith("team-a");
  });
});
