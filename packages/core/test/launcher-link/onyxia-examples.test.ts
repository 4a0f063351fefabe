import { describe, expect, it } from "vitest";
import { decodeLauncherLink, encodeLauncherLink } from "../../src/launcher-link/index.ts";

// Links in the shapes Onyxia's web produces and accepts (reference §5.1).
describe("Onyxia launcher links", () => {
  it("reads name, version and shared as plain route params", () => {
    expect(
      decodeLauncherLink(
        "/launcher/ide/jupyter-python",
        "?name=my-jupyter&version=2.5.2&shared=true",
      ),
    ).toStrictEqual({
      catalogId: "ide",
      chartName: "jupyter-python",
      friendlyName: "my-jupyter",
      version: "2.5.2",
      shared: true,
      helmValuesPatch: [],
    });
  });

  it("reads «string» patches, with guillemets raw or percent-encoded", () => {
    const expected = [
      { path: ["resources", "limits", "cpu"], value: "4000m" },
      { path: ["persistence", "size"], value: "20Gi" },
      { path: ["init", "personalInit"], value: "https://example.org/init.sh?x=1&y=2" },
    ];
    const raw =
      "?autoLaunch=true&resources.limits.cpu=«4000m»&persistence.size=«20Gi»&init.personalInit=«https%3A%2F%2Fexample.org%2Finit.sh%3Fx%3D1%26y%3D2»";
    const encoded = raw.replaceAll("«", "%C2%AB").replaceAll("»", "%C2%BB");
    for (const search of [raw, encoded]) {
      const link = decodeLauncherLink("/launcher/ide/jupyter-python", search);
      expect(link.autoLaunch).toBe(true);
      expect(link.helmValuesPatch).toStrictEqual(expected);
    }
  });

  it("reads escaped dots as %5C., %5c. or a raw backslash", () => {
    const expected = [{ path: ["spark", "userConfig", "spark.driver.memory"], value: "5g" }];
    for (const key of [
      "spark.userConfig.spark%5C.driver%5C.memory",
      "spark.userConfig.spark%5c.driver%5c.memory",
      "spark.userConfig.spark\\.driver\\.memory",
    ]) {
      expect(
        decodeLauncherLink("/launcher/ide/spark", `?${key}=%C2%AB5g%C2%BB`).helmValuesPatch,
      ).toStrictEqual(expected);
    }
  });

  it("writes escaped dots as %5C. and strings as %C2%AB…%C2%BB", () => {
    const url = encodeLauncherLink({
      catalogId: "ide",
      chartName: "spark",
      helmValuesPatch: [
        { path: ["spark", "userConfig", "spark.driver.memory"], value: "5g" },
        { path: ["init", "personalInit"], value: "https://x.org/a b" },
      ],
    });
    expect(url).toBe(
      "/launcher/ide/spark?spark.userConfig.spark%5C.driver%5C.memory=%C2%AB5g%C2%BB&init.personalInit=%C2%ABhttps%3A%2F%2Fx.org%2Fa%20b%C2%BB",
    );
  });

  it("writes plain params in Onyxia's order, booleans bare, and no query when empty", () => {
    expect(encodeLauncherLink({ catalogId: "ide", chartName: "vscode", helmValuesPatch: [] })).toBe(
      "/launcher/ide/vscode",
    );
    expect(
      encodeLauncherLink({
        catalogId: "ide",
        chartName: "vscode",
        autoLaunch: true,
        s3: "my profile",
        version: "1.2.3",
        shared: false,
        friendlyName: "Mon IDE",
        helmValuesPatch: [{ path: ["a", "b"], value: 1 }],
      }),
    ).toBe(
      "/launcher/ide/vscode?name=Mon%20IDE&shared=false&version=1.2.3&s3=my%20profile&a.b=1&autoLaunch=true",
    );
  });

  it("decodes bare values: booleans, null, removal, numbers", () => {
    const link = decodeLauncherLink(
      "/launcher/c/x",
      "?a.t=true&a.f=false&a.n=null&a.rm=-&a.i=4&a.neg=-1.5&a.exp=1e3&a.big=1e+21&a.frac=.5",
    );
    expect(link.helmValuesPatch.map((e) => e.value)).toStrictEqual([
      true,
      false,
      null,
      undefined,
      4,
      -1.5,
      1000,
      1e21,
      0.5,
    ]);
    expect(link.helmValuesPatch[3]).toHaveProperty("value", undefined);
  });

  it("decodes array indices, consecutive indices and keys after an index", () => {
    const link = decodeLauncherLink(
      "/launcher/c/x",
      "?tolerations[0].key=%C2%ABgpu%C2%BB&a.b[2][3]=1&a[10].b.c=2",
    );
    expect(link.helmValuesPatch.map((e) => e.path)).toStrictEqual([
      ["tolerations", 0, "key"],
      ["a", "b", 2, 3],
      ["a", 10, "b", "c"],
    ]);
  });

  it("ignores oidc-spa.* and unknown dot-less keys, and accepts a base path", () => {
    const link = decodeLauncherLink(
      "/onyxia/launcher/ide/vscode/",
      "?oidc-spa.state=abc&utm_source=mail&&a.b=%C2%ABx%C2%BB",
    );
    expect(link).toStrictEqual({
      catalogId: "ide",
      chartName: "vscode",
      helmValuesPatch: [{ path: ["a", "b"], value: "x" }],
    });
  });

  it("keeps a string that itself contains guillemets", () => {
    const url = encodeLauncherLink({
      catalogId: "c",
      chartName: "x",
      helmValuesPatch: [{ path: ["a", "b"], value: "«»x»" }],
    });
    const search = url.slice(url.indexOf("?"));
    expect(decodeLauncherLink("/launcher/c/x", search).helmValuesPatch[0]?.value).toBe("«»x»");
  });
});
