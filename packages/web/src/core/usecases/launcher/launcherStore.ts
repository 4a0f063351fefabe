// One launcher form: the values (a ValuesForm), the friendly name and share switch, the link and
// helm commands that follow them, and the launch itself. The page renders it and dispatches.
import {
  applyValuesPatch,
  computeDefaultValues,
  computeValuesDiff,
  type JsonValue,
  type ValuesDiffEntry,
  type XOnyxiaContext,
} from "@onyxia-ts/core";
import { ApiError } from "../../ports/apiError.ts";
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import { createState, type Store } from "../../store.ts";
import { createValuesForm, type ValuesForm } from "../launcher-form/valuesForm.ts";
import { parseServerErrors } from "../launcher-form/valuesValidation.ts";
import { storeLaunchTiming } from "../service/editLogic.ts";
import type { ChartData, VersionData } from "./chartData.ts";
import { buildShareableLink, helmCommands, type ShareableLink } from "./launcherLogic.ts";

export interface LauncherInput {
  catalogId: string;
  chartName: string;
  chartData: ChartData;
  versionData: VersionData;
  version: string;
  /** The link or the user chose the version: the link keeps it. */
  versionPinned: boolean;
  context: XOnyxiaContext;
  /** The profile's fields kept out of launches, offered as autocomplete options. */
  autocompleteContext?: unknown;
  /** Group projects only: Onyxia passes --namespace for them, and offers sharing. */
  groupNamespace: string | undefined;
  initialFriendlyName: string;
  /** The patch from the launcher link, or the user's changes carried over from another version. */
  initialPatch: ValuesDiffEntry[];
  /** Link params: `shared` is edited here (group projects), `s3` passed through unchanged. */
  passThrough: { shared?: boolean; s3?: string };
}

export interface LauncherState {
  friendlyName: string;
  share: boolean;
  launching: boolean;
  launchError: unknown;
  /** The launcher link of the current state (path and query). */
  link: ShareableLink;
  helmCommands: string;
}

export interface Launcher extends Store<LauncherState> {
  form: ValuesForm;
  defaults: JsonValue;
  /** The link's patch could not be applied: the form starts from the defaults. */
  patchError: string | undefined;
  releaseName: string;
  setFriendlyName(name: string): void;
  setShare(share: boolean): void;
  reset(): void;
  /** The user's changes, to carry over to another version. */
  changes(): ValuesDiffEntry[];
  /** Launches; resolves with the release name, or undefined when it failed (see launchError). */
  launch(): Promise<string | undefined>;
}

export interface LauncherDeps {
  api: Pick<OnyxiaApi, "launch">;
  /** sessionStorage: the launch's server-timing, for the service page. */
  sessionStorage: KeyValueStorage;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Throws when the chart's defaults cannot be computed (the page shows the error). */
export function createLauncher(deps: LauncherDeps, input: LauncherInput): Launcher {
  const { schema, valuesYaml, chart } = input.versionData;
  const { catalogId, chartName, context } = input;
  const defaults = computeDefaultValues(schema, { context, valuesYaml }).values;
  let initial = defaults;
  let patchError: string | undefined;
  try {
    initial = applyValuesPatch(defaults, input.initialPatch) ?? defaults;
  } catch (error) {
    patchError = message(error);
  }
  const form = createValuesForm(
    {
      schema,
      context,
      dependencies: chart.dependencies ?? [],
      valuesYaml,
      autocompleteContext: input.autocompleteContext,
    },
    initial,
  );
  const isGroupProject = input.groupNamespace !== undefined;
  const releaseName = `${chartName}-${context.k8s.randomSubdomain}`;

  type Own = Pick<LauncherState, "friendlyName" | "share" | "launching" | "launchError">;
  const derive = (own: Own, values: JsonValue): LauncherState => ({
    ...own,
    link: buildShareableLink({
      catalogId,
      chartName,
      friendlyName: own.friendlyName,
      version: input.version,
      defaultVersion: input.chartData.defaultVersion,
      versionPinned: input.versionPinned,
      defaults,
      values,
      ...input.passThrough,
      ...(isGroupProject ? { shared: own.share } : {}),
    }),
    helmCommands: helmCommands({
      catalogId,
      repoUrl: input.chartData.catalog.location,
      chartName,
      releaseName,
      version: input.version,
      isDefaultVersion: input.version === input.chartData.defaultVersion,
      namespace: input.groupNamespace,
      values,
    }),
  });
  const state = createState<LauncherState>(
    derive(
      {
        friendlyName: input.initialFriendlyName,
        // Onyxia: false by default in a group project, absent in a personal one.
        share: input.passThrough.shared ?? false,
        launching: false,
        launchError: undefined,
      },
      initial,
    ),
  );
  const update = (patch: Partial<Own>) =>
    state.set((s) => derive({ ...s, ...patch }, form.getSnapshot().values));
  // The link and the commands follow the values.
  let lastValues = initial;
  form.subscribe(() => {
    const { values } = form.getSnapshot();
    if (values === lastValues) return;
    lastValues = values;
    update({});
  });

  return {
    subscribe: state.subscribe,
    getSnapshot: state.getSnapshot,
    form,
    defaults,
    patchError,
    releaseName,
    setFriendlyName: (friendlyName) => update({ friendlyName }),
    setShare: (share) => update({ share }),
    reset() {
      form.setValues(defaults);
      update({ friendlyName: chartName });
    },
    changes: () => computeValuesDiff(defaults, form.getSnapshot().values),
    async launch() {
      const { friendlyName, share, launching } = state.get();
      if (launching) return undefined;
      update({ launching: true, launchError: undefined });
      try {
        const { release, timing } = await deps.api.launch({
          catalogId,
          packageName: chartName,
          packageVersion: input.version,
          name: releaseName,
          friendlyName,
          ...(isGroupProject ? { share } : {}),
          options: form.getSnapshot().values,
        });
        storeLaunchTiming(deps.sessionStorage, release, timing);
        return release;
      } catch (error) {
        if (error instanceof ApiError && error.errors)
          form.setServerErrors(parseServerErrors(error.errors));
        update({ launching: false, launchError: error });
        return undefined;
      }
    },
  };
}
