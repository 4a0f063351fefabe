import { decodeLauncherLink, type JSONSchema } from "@onyxia-ts/core";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../ports/apiError.ts";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import type { ChartData } from "./chartData.ts";
import { launchContext } from "./contextInput.ts";
import { createLauncher, type LauncherInput } from "./launcherStore.ts";
import {
  apiProject,
  apiUserInfo,
  catalogJson,
  chartJson,
  publicRegion,
} from "../../testing/contractFixtures.ts";

const schema: JSONSchema = {
  type: "object",
  properties: {
    app: {
      type: "object",
      properties: {
        replicas: { type: "integer", default: 1, minimum: 1 },
        image: { type: "string", default: "jupyter:1" },
      },
    },
  },
};
const chartData: ChartData = {
  catalog: catalogJson("ide", []),
  versions: [chartJson("jupyter", "1.2.0")],
  defaultVersion: "1.2.0",
};

function setup(overrides: Partial<LauncherInput> = {}, launch?: OnyxiaApi["launch"]) {
  const sessionStorage = memoryStorage();
  const api = {
    launch: vi.fn(launch ?? (async () => ({ release: "jupyter-42", timing: "install;dur=5" }))),
  };
  const context = launchContext(
    memoryStorage(),
    {
      userInfo: apiUserInfo({ idep: "alice" }),
      project: apiProject({ id: "user-alice" }),
      region: publicRegion({ id: "paris" }),
      lang: "en",
      darkMode: false,
    },
    () => 0.42,
  );
  const launcher = createLauncher(
    { api, sessionStorage },
    {
      catalogId: "ide",
      chartName: "jupyter",
      chartData,
      versionData: { schema, valuesYaml: undefined, chart: chartJson("jupyter", "1.2.0") },
      version: "1.2.0",
      versionPinned: false,
      context,
      groupNamespace: undefined,
      initialFriendlyName: "jupyter",
      initialPatch: [],
      passThrough: {},
      ...overrides,
    },
  );
  return { launcher, api, sessionStorage };
}

describe("the launcher use case", () => {
  it("starts from the chart defaults patched by the link, and the link follows the edits", () => {
    const { launcher } = setup({ initialPatch: [{ path: ["app", "replicas"], value: 3 }] });
    expect(launcher.form.getSnapshot().values).toEqual({
      app: { replicas: 3, image: "jupyter:1" },
    });
    expect(launcher.getSnapshot().link.href).toBe("/launcher/ide/jupyter?app.replicas=3");
    launcher.form.setValue(["app", "image"], "jupyter:2");
    launcher.setFriendlyName("my lab");
    const href = launcher.getSnapshot().link.href;
    const [path = "", search = ""] = href.split("?");
    expect(decodeLauncherLink(path, search)).toMatchObject({
      friendlyName: "my lab",
      helmValuesPatch: expect.arrayContaining([{ path: ["app", "image"], value: "jupyter:2" }]),
    });
    expect(launcher.getSnapshot().helmCommands).toContain("image: jupyter:2");
    expect(launcher.changes()).toEqual(
      expect.arrayContaining([{ path: ["app", "image"], value: "jupyter:2" }]),
    );
    launcher.reset();
    expect(launcher.getSnapshot().link.href).toBe("/launcher/ide/jupyter");
  });

  it("keeps a pinned version in the link", () => {
    expect(setup({ versionPinned: true }).launcher.getSnapshot().link.href).toBe(
      "/launcher/ide/jupyter?version=1.2.0",
    );
  });

  it("launches the values with the release name and keeps the server timing", async () => {
    const { launcher, api, sessionStorage } = setup();
    launcher.form.setValue(["app", "replicas"], 2);
    await expect(launcher.launch()).resolves.toBe("jupyter-42");
    expect(api.launch).toHaveBeenCalledWith({
      catalogId: "ide",
      packageName: "jupyter",
      packageVersion: "1.2.0",
      name: launcher.releaseName,
      friendlyName: "jupyter",
      options: { app: { replicas: 2, image: "jupyter:1" } },
    });
    expect(launcher.releaseName).toMatch(/^jupyter-\d+$/);
    expect(sessionStorage.getItem("datalab.launchTiming.jupyter-42")).toBe("install;dur=5");
  });

  it("shows the server's validation errors on their fields until the next edit", async () => {
    const refused = new ApiError("http", "/my-lab/app", "400", 400, "Validation failed", [
      "/app/replicas: must be >= 1",
    ]);
    const { launcher } = setup({}, async () => {
      throw refused;
    });
    await expect(launcher.launch()).resolves.toBeUndefined();
    expect(launcher.getSnapshot()).toMatchObject({ launching: false, launchError: refused });
    expect(launcher.form.getSnapshot().errors.byPath.has("app.replicas")).toBe(true);
    launcher.form.setValue(["app", "image"], "other");
    expect(launcher.form.getSnapshot().errors.all).toEqual([]);
  });

  it("blocks on the browser's own validation", () => {
    const { launcher } = setup();
    launcher.form.setValue(["app", "replicas"], 0);
    expect(launcher.form.getSnapshot().errors.byPath.has("app.replicas")).toBe(true);
  });

  it("sends share only in a group project", async () => {
    const { launcher, api } = setup({ groupNamespace: "team-a", passThrough: { shared: true } });
    expect(launcher.getSnapshot().share).toBe(true);
    launcher.setShare(false);
    expect(launcher.getSnapshot().link.href).toContain("shared=false");
    await launcher.launch();
    expect(api.launch.mock.calls[0]?.[0]).toMatchObject({ share: false });
    expect(launcher.getSnapshot().helmCommands).toContain("--namespace team-a");
  });
});
