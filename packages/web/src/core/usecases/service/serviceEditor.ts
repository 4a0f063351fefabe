// Editing a running service: its values in a ValuesForm (from the service's `env`, typed by the
// chart schema) → a diff preview → helm upgrade.
import type { EditDiff, JSONSchema, Service, XOnyxiaContext } from "@onyxia-ts/core";
import type { FeatureDeps } from "../../featureDeps.ts";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import { createState, type Store } from "../../store.ts";
import { createValuesForm, type ValuesForm } from "../launcher-form/valuesForm.ts";
import { launchContext } from "../launcher/contextInput.ts";
import type { ContextRequest } from "../launcher/launcherUseCase.ts";
import { envToValues } from "./editLogic.ts";

export interface ServiceEditorState {
  /** The preview of the current values; cleared by any edit. */
  diff: EditDiff | undefined;
  busy: boolean;
  error: unknown;
  /** The revision the last apply created. */
  applied: number | undefined;
}

export interface ServiceEditor extends Store<ServiceEditorState> {
  form: ValuesForm;
  preview(): Promise<void>;
  /** Upgrades with the previewed values; `onApplied` runs after a success. */
  apply(): Promise<void>;
}

export function createServiceEditor(
  deps: { api: Pick<OnyxiaApi, "diff" | "upgrade"> },
  input: { service: Service; schema: JSONSchema; context: XOnyxiaContext; onApplied: () => void },
): ServiceEditor {
  const form = createValuesForm(
    { schema: input.schema, context: input.context, dependencies: [], valuesYaml: undefined },
    envToValues(input.service.env, input.schema),
  );
  const state = createState<ServiceEditorState>({
    diff: undefined,
    busy: false,
    error: undefined,
    applied: undefined,
  });
  let lastValues = form.getSnapshot().values;
  form.subscribe(() => {
    const { values } = form.getSnapshot();
    if (values === lastValues) return;
    lastValues = values;
    state.set((s) => ({ ...s, diff: undefined }));
  });
  const run = async (work: () => Promise<void>) => {
    state.set((s) => ({ ...s, busy: true, error: undefined }));
    try {
      await work();
    } catch (error) {
      state.set((s) => ({ ...s, error }));
    } finally {
      state.set((s) => ({ ...s, busy: false }));
    }
  };
  const id = input.service.id;
  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    form,
    preview: () =>
      run(async () => {
        const diff = await deps.api.diff(id, form.getSnapshot().values);
        state.set((s) => ({ ...s, diff }));
      }),
    apply: () =>
      run(async () => {
        const result = await deps.api.upgrade(id, form.getSnapshot().values);
        state.set((s) => ({ ...s, applied: result.revision, diff: undefined }));
        input.onApplied();
      }),
  };
}

/** The edit feature, built on demand by the service page (see featureDeps.ts). */
export function createServiceEditorUseCase(deps: FeatureDeps) {
  return {
    create: (input: {
      service: Service;
      schema: JSONSchema;
      context: ContextRequest;
      onApplied: () => void;
    }): ServiceEditor =>
      createServiceEditor(
        { api: deps.api },
        { ...input, context: launchContext(deps.sessionStorage, input.context) },
      ),
  };
}
