import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PROJECT_CONFIG_KEYS,
  USER_CONFIG_KEYS,
  defaultProjectConfigs,
  defaultUserConfigs,
  mergeUserConfigs,
  parseProjectConfig,
  secretToValue,
  valueToSecret,
  type RestorableServiceConfig,
} from "../../src/user-settings/index.ts";

// Written as Onyxia writes it (reference §5.3.1): JSON.stringify of the array, `undefined`
// fields absent, a removed value as an entry without `value`.
const onyxiaSecretText =
  '{"valueAsJson":"[{\\"friendlyName\\":\\"my-jupyter\\",\\"isShared\\":false,\\"catalogId\\":\\"ide\\",\\"chartName\\":\\"jupyter-python\\",\\"chartVersion\\":\\"2.5.2\\",\\"helmValuesPatch\\":[{\\"path\\":[\\"resources\\",\\"limits\\",\\"cpu\\"],\\"value\\":\\"4000m\\"},{\\"path\\":[\\"persistence\\",\\"size\\"],\\"value\\":\\"20Gi\\"},{\\"path\\":[\\"networking\\",\\"user\\",\\"ports\\",0],\\"value\\":5000},{\\"path\\":[\\"init\\",\\"personalInit\\"]}]},{\\"friendlyName\\":\\"pg\\",\\"catalogId\\":\\"databases\\",\\"chartName\\":\\"postgresql\\",\\"chartVersion\\":\\"1.0.0\\",\\"s3ProfileName\\":\\"default\\",\\"helmValuesPatch\\":[]}]"}';

const expected: RestorableServiceConfig[] = [
  {
    friendlyName: "my-jupyter",
    isShared: false,
    catalogId: "ide",
    chartName: "jupyter-python",
    chartVersion: "2.5.2",
    s3ProfileName: undefined,
    helmValuesPatch: [
      { path: ["resources", "limits", "cpu"], value: "4000m" },
      { path: ["persistence", "size"], value: "20Gi" },
      { path: ["networking", "user", "ports", 0], value: 5000 },
      { path: ["init", "personalInit"], value: undefined },
    ],
  },
  {
    friendlyName: "pg",
    isShared: undefined,
    catalogId: "databases",
    chartName: "postgresql",
    chartVersion: "1.0.0",
    s3ProfileName: "default",
    helmValuesPatch: [],
  },
];

describe("one setting = one secret (Onyxia's encoding)", () => {
  it("encodes scalars as {value}, objects/arrays as {valueAsJson}, undefined as {}", () => {
    expect(valueToSecret("pw")).toEqual({ value: "pw" });
    expect(valueToSecret(2)).toEqual({ value: 2 });
    expect(valueToSecret(false)).toEqual({ value: false });
    expect(valueToSecret(null)).toEqual({ value: null });
    expect(valueToSecret(undefined)).toEqual({});
    expect(valueToSecret([1, { a: "b" }])).toEqual({ valueAsJson: '[1,{"a":"b"}]' });
    expect(() => valueToSecret(() => 1)).toThrow(/function/);
  });

  it("reads Onyxia's saved configurations text and writes back the same bytes", () => {
    const secret = JSON.parse(onyxiaSecretText) as Record<string, unknown>;
    const parsed = parseProjectConfig("restorableServiceConfigs", secretToValue(secret));
    expect(parsed.dropped).toBe(0);
    expect(parsed.value).toEqual(expected);
    expect(JSON.stringify(valueToSecret(parsed.value))).toBe(onyxiaSecretText);
  });

  it("round-trips any JSON-able value (undefined object fields vanish, as in Onyxia)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const secret = JSON.parse(JSON.stringify(valueToSecret(value))) as Record<string, unknown>;
        expect(secretToValue(secret)).toEqual(JSON.parse(JSON.stringify(value ?? null)));
      }),
    );
  });

  it("refuses secrets that are not a setting", () => {
    expect(secretToValue({})).toBeUndefined();
    expect(() => secretToValue({ value: 1, other: 2 })).toThrow(/exactly one key/);
    expect(() => secretToValue({ PASSWORD: "x" })).toThrow(/"PASSWORD"/);
    expect(() => secretToValue({ valueAsJson: 3 })).toThrow(/must be a string/);
    expect(() => secretToValue({ valueAsJson: "{" })).toThrow(/not valid JSON/);
  });
});

describe("project settings (model version 2)", () => {
  it("has Onyxia's keys and defaults, and checks each key's type", () => {
    expect(PROJECT_CONFIG_KEYS).toEqual([
      "__modelVersion",
      "servicePassword",
      "restorableServiceConfigs",
      "s3Profiles",
      "clusterNotificationCheckoutTime",
    ]);
    expect(defaultProjectConfigs("pw")).toMatchObject({ __modelVersion: 2, servicePassword: "pw" });
    expect(parseProjectConfig("__modelVersion", 2).value).toBe(2);
    expect(() => parseProjectConfig("__modelVersion", 1)).toThrow(/model version 1/);
    expect(() => parseProjectConfig("servicePassword", 12)).toThrow(/servicePassword/);
    expect(() => parseProjectConfig("restorableServiceConfigs", {})).toThrow(/array/);
  });

  it("drops (and counts) a malformed saved configuration instead of hiding all of them", () => {
    const parsed = parseProjectConfig("restorableServiceConfigs", [
      { friendlyName: "broken" },
      { ...expected[1], helmValuesPatch: [{ path: ["a"], value: { nested: true } }] },
      expected[1],
    ]);
    expect(parsed.dropped).toBe(2);
    expect(parsed.value).toEqual([expected[1]]);
  });

  it("reads S3 profiles as Onyxia stores them", () => {
    const stored = {
      valueAsJson: JSON.stringify([
        {
          profileName: "mine",
          creationTime: 1714000000000,
          url: "https://minio.example.com",
          region: "us-east-1",
          pathStyleAccess: true,
          credentials: { accessKeyId: "AK", secretAccessKey: "SK" },
          bookmarks: [{ s3Uri: "s3://bucket/prefix/" }],
        },
        { profileName: "anon", creationTime: 1, url: "https://s3", pathStyleAccess: false },
      ]),
    };
    const parsed = parseProjectConfig("s3Profiles", secretToValue(stored));
    expect(parsed.dropped).toBe(0);
    expect(parsed.value[0]?.credentials).toEqual({
      accessKeyId: "AK",
      secretAccessKey: "SK",
      sessionToken: undefined,
    });
    expect(parsed.value[0]?.bookmarks).toEqual([
      { displayName: undefined, s3Uri: "s3://bucket/prefix/" },
    ]);
    expect(parsed.value[1]?.credentials).toBeUndefined();
    expect(JSON.parse(JSON.stringify(parsed.value))).toEqual(JSON.parse(stored.valueAsJson));
  });
});

describe("user settings (personal project's .onyxia)", () => {
  const defaults = defaultUserConfigs({
    username: "alice",
    email: "alice@example.com",
    isCommandBarEnabledByDefault: true,
  });

  it("defaults git to the user's name and email, the rest as Onyxia", () => {
    expect(defaults).toMatchObject({
      gitName: "alice",
      gitEmail: "alice@example.com",
      gitCredentialCacheDuration: 0,
      githubPersonalAccessToken: null,
      selectedProjectId: null,
      isCommandBarEnabled: true,
      doDisplayMySecretsUseInServiceDialog: true,
    });
    expect(USER_CONFIG_KEYS).toContain("s3BookmarksStr");
    // Shared folder with the project keys: the two sets never overlap (reference §5.3.1).
    expect(USER_CONFIG_KEYS.filter((k) => (PROJECT_CONFIG_KEYS as string[]).includes(k))).toEqual(
      [],
    );
  });

  it("takes stored values of the right type and reports the keys to write", () => {
    const { configs, missing } = mergeUserConfigs(defaults, {
      gitName: "Alice A.",
      gitCredentialCacheDuration: 3600,
      githubPersonalAccessToken: "ghp_x",
      isCommandBarEnabled: "yes",
    });
    expect(configs.gitName).toBe("Alice A.");
    expect(configs.gitCredentialCacheDuration).toBe(3600);
    expect(configs.githubPersonalAccessToken).toBe("ghp_x");
    expect(configs.isCommandBarEnabled).toBe(true);
    expect(missing).toContain("isCommandBarEnabled");
    expect(missing).toContain("gitEmail");
    expect(missing).not.toContain("gitName");
  });
});
