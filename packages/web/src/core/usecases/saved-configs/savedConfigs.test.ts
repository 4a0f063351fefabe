import { decodeLauncherLink } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import {
  deleteConfig,
  listSaved,
  parseStored,
  renameConfig,
  saveConfig,
  savedConfigFromLink,
  savedConfigLink,
  storageKey,
  willOverwrite,
  type SavedConfig,
  type StorageLike,
} from "./savedConfigs.ts";

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const jupyter: SavedConfig = {
  friendlyName: "my notebook",
  catalogId: "ide",
  chartName: "jupyter-python",
  chartVersion: "2.1.0",
  isShared: true,
  helmValuesPatch: [
    { path: ["resources", "limits", "memory"], value: "8Gi" },
    { path: ["init", "personalInit"], value: undefined },
  ],
};

describe("saved configurations store", () => {
  it("keeps each project's configs under its own versioned key", () => {
    const storage = memoryStorage();
    saveConfig(storage, "project-a", jupyter);
    expect(listSaved(storage, "project-b")).toEqual([]);
    const stored = JSON.parse(storage.data.get(storageKey("project-a")) ?? "null") as {
      version: number;
    };
    expect(stored.version).toBe(1);
    // JSON drops `value: undefined`; it reads back as the same "remove" entry.
    expect(listSaved(storage, "project-a")).toEqual([
      {
        ...jupyter,
        helmValuesPatch: [jupyter.helmValuesPatch[0], { path: ["init", "personalInit"] }],
      },
    ]);
  });

  it("replaces a same-name config in place, after willOverwrite tells the caller to confirm", () => {
    const storage = memoryStorage();
    saveConfig(storage, "p", jupyter);
    saveConfig(storage, "p", { ...jupyter, friendlyName: "other" });
    const configs = listSaved(storage, "p");
    expect(willOverwrite(configs, "my notebook")).toBe(true);
    expect(willOverwrite(configs, "new one")).toBe(false);
    saveConfig(storage, "p", { ...jupyter, chartVersion: "3.0.0" });
    expect(listSaved(storage, "p").map((c) => [c.friendlyName, c.chartVersion])).toEqual([
      ["my notebook", "3.0.0"],
      ["other", "2.1.0"],
    ]);
  });

  it("renames, refuses a name already taken, and deletes", () => {
    const storage = memoryStorage();
    saveConfig(storage, "p", jupyter);
    saveConfig(storage, "p", { ...jupyter, friendlyName: "other" });
    expect(renameConfig(storage, "p", "other", "my notebook")).toBe(false);
    expect(listSaved(storage, "p")).toHaveLength(2);
    renameConfig(storage, "p", "other", "renamed");
    expect(listSaved(storage, "p").map((c) => c.friendlyName)).toEqual(["my notebook", "renamed"]);
    deleteConfig(storage, "p", "my notebook");
    expect(listSaved(storage, "p").map((c) => c.friendlyName)).toEqual(["renamed"]);
  });

  it("ignores unreadable, unknown-version or malformed stored data instead of throwing", () => {
    expect(parseStored("{not json")).toEqual([]);
    expect(parseStored(JSON.stringify({ version: 2, configs: [jupyter] }))).toEqual([]);
    const nested = { ...jupyter, helmValuesPatch: [{ path: ["a", "b"], value: { x: 1 } }] };
    expect(parseStored(JSON.stringify({ version: 1, configs: [nested, jupyter] }))).toHaveLength(1);
  });
});

describe("a saved config is a launcher link", () => {
  it("encodes name, version, share, patch and autoLaunch with core's link format", () => {
    const href = savedConfigLink(jupyter, { autoLaunch: true });
    const [pathname = "", search = ""] = href.split("?");
    const link = decodeLauncherLink(pathname, search);
    expect(link).toMatchObject({
      catalogId: "ide",
      chartName: "jupyter-python",
      friendlyName: "my notebook",
      version: "2.1.0",
      shared: true,
      autoLaunch: true,
    });
    expect(link.helmValuesPatch).toEqual(jupyter.helmValuesPatch);
  });

  it("round-trips through the launcher's link, filling the default version the link leaves out", () => {
    expect(savedConfigFromLink(savedConfigLink(jupyter), "9.9.9")).toEqual(jupyter);
    const minimal = savedConfigFromLink("/launcher/ide/rstudio", "1.0.0");
    expect(minimal).toEqual({
      friendlyName: "rstudio",
      catalogId: "ide",
      chartName: "rstudio",
      chartVersion: "1.0.0",
      helmValuesPatch: [],
    });
  });
});
