import type { EditDiff, JSONSchema, Service } from "@onyxia-ts/core";
import { describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../../ports/keyValueStorage.ts";
import { launchContext } from "../launcher/contextInput.ts";
import { createServiceEditor } from "./serviceEditor.ts";

const schema: JSONSchema = {
  type: "object",
  properties: {
    resources: {
      type: "object",
      properties: { cpu: { type: "string" }, replicas: { type: "integer" } },
    },
  },
};
const diff: EditDiff = {
  serviceID: "jupyter-1",
  commands: [],
  chart: { from: "jupyter-1.0.0", to: "jupyter-1.0.0" },
  values: [{ path: "resources.cpu", kind: "changed", before: "1", after: "2" }],
  manifest: { text: "", added: 1, removed: 1 },
  quota: { fits: true, errors: [] },
};

describe("the service editor", () => {
  it("starts from the service's env, typed by the schema; previews, applies, and any edit drops the preview", async () => {
    const api = {
      diff: vi.fn(async () => diff),
      upgrade: vi.fn(async () => ({ revision: 3, timing: null })),
    };
    const onApplied = vi.fn();
    const editor = createServiceEditor(
      { api },
      {
        service: {
          id: "jupyter-1",
          env: { "resources.cpu": "1", "resources.replicas": "2" },
        } as unknown as Service,
        schema,
        context: launchContext(memoryStorage(), {
          userInfo: undefined,
          project: undefined,
          region: undefined,
          lang: "en",
          darkMode: false,
        }),
        onApplied,
      },
    );
    expect(editor.form.getSnapshot().values).toEqual({ resources: { cpu: "1", replicas: 2 } });
    editor.form.setValue(["resources", "cpu"], "2");
    await editor.preview();
    expect(api.diff).toHaveBeenCalledWith("jupyter-1", { resources: { cpu: "2", replicas: 2 } });
    expect(editor.getSnapshot()).toMatchObject({ diff, busy: false });
    editor.form.setValue(["resources", "replicas"], 3);
    expect(editor.getSnapshot().diff).toBeUndefined();
    await editor.apply();
    expect(editor.getSnapshot()).toMatchObject({ applied: 3, diff: undefined, error: undefined });
    expect(onApplied).toHaveBeenCalledTimes(1);
  });

  it("keeps a failure as the error, not applied", async () => {
    const api = { diff: vi.fn(), upgrade: vi.fn(async () => Promise.reject(new Error("quota"))) };
    const onApplied = vi.fn();
    const editor = createServiceEditor(
      { api },
      {
        service: { id: "x", env: {} } as unknown as Service,
        schema,
        context: launchContext(memoryStorage(), {
          userInfo: undefined,
          project: undefined,
          region: undefined,
          lang: "en",
          darkMode: false,
        }),
        onApplied,
      },
    );
    await editor.apply();
    expect(editor.getSnapshot()).toMatchObject({ busy: false, applied: undefined });
    expect(editor.getSnapshot().error).toBeInstanceOf(Error);
    expect(onApplied).not.toHaveBeenCalled();
  });
});
