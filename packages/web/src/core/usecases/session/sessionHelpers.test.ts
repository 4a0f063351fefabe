import { describe, expect, it } from "vitest";
import { overriddenConfiguration, parseExtraQueryParams } from "../../adapters/oidcClient.ts";
import { apiProject } from "../../testing/contractFixtures.ts";
import { idleSecondsLeft } from "./idle.ts";
import { pickProject } from "./projects.ts";

describe("session helpers", () => {
  const projects = [
    apiProject({ id: "user-alice" }),
    apiProject({ id: "project-team-a", group: "team-a" }),
  ];
  it("picks the stored project, else the personal one", () => {
    expect(pickProject(projects, "project-team-a")?.id).toBe("project-team-a");
    expect(pickProject(projects, "gone")?.id).toBe("user-alice");
    expect(pickProject([], null)).toBeUndefined();
  });
  it("counts the idle time down and parses extra query params", () => {
    expect(idleSecondsLeft(0, 30_000, 90)).toBe(60);
    expect(idleSecondsLeft(0, 200_000, 90)).toBe(0);
    expect(parseExtraQueryParams("kc_idp_hint=x&ui_locales=fr")).toEqual({
      kc_idp_hint: "x",
      ui_locales: "fr",
    });
  });
});

describe("another OIDC client of the provider (a service's oidcConfiguration)", () => {
  const main = {
    issuerURI: "https://idp.example.org/realms/datalab",
    clientID: "onyxia",
    scope: "openid profile",
    idleSessionLifetimeInSeconds: 600,
  };

  it("takes the override's non-empty fields over the app's configuration", () => {
    expect(overriddenConfiguration(main, { clientID: "onyxia-minio", audience: "minio" })).toEqual({
      ...main,
      clientID: "onyxia-minio",
      audience: "minio",
    });
    expect(overriddenConfiguration(main, { clientID: "", scope: undefined })).toEqual(main);
  });
});
