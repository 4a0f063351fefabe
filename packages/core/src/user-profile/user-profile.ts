// The declarative user profile (reference §9): the values of the form generated from
// GET /profile/schema, kept in the user configs as `userProfileStr` (Onyxia's JSON, so a profile
// saved by Onyxia reads back here and the other way round), and injected into launches as
// `user.profile.*`, except the fields whose auto-injection the user turned off: those only become
// autocomplete options in the launcher (see autocomplete.ts).
import { computeDefaultValues } from "../defaults/compute-default-values.ts";
import type { HelmValuesPath } from "../defaults/helm-path.ts";
import { deepEqual, isJsonObject } from "../defaults/json.ts";
import { getValueAtPath, removeValueAtPath, setValueAtPath } from "../form/values-path.ts";
import type { JSONSchema, JsonValue } from "../schema/types.ts";

/** Onyxia's stored shape (`userProfileStr`), field for field. */
export interface UserProfile {
  userProfileValues: Record<string, JsonValue>;
  autoInjectionDisabledFields: { valuesPath: HelmValuesPath }[];
}

const isPath = (v: unknown): v is HelmValuesPath =>
  Array.isArray(v) && v.every((s) => typeof s === "string" || typeof s === "number");

/**
 * Reads a stored `userProfileStr`: `profile` undefined when nothing is stored; `problem` says why
 * a stored text was not usable (Onyxia then resets it and starts from the schema's defaults).
 */
export function readUserProfileStr(text: string | null | undefined): {
  profile: UserProfile | undefined;
  problem?: string;
} {
  if (text === null || text === undefined || text === "") return { profile: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { profile: undefined, problem: "the stored profile is not JSON" };
  }
  if (
    !isJsonObject(parsed as JsonValue) ||
    !isJsonObject((parsed as UserProfile).userProfileValues)
  )
    return { profile: undefined, problem: 'the stored profile has no "userProfileValues" object' };
  const disabled = (parsed as { autoInjectionDisabledFields?: unknown })
    .autoInjectionDisabledFields;
  if (
    !Array.isArray(disabled) ||
    !disabled.every(
      (d) => isJsonObject(d as JsonValue) && isPath((d as { valuesPath?: unknown }).valuesPath),
    )
  ) {
    return {
      profile: undefined,
      problem: 'the stored profile\'s "autoInjectionDisabledFields" is not a list of {valuesPath}',
    };
  }
  return {
    profile: {
      userProfileValues: (parsed as UserProfile).userProfileValues,
      autoInjectionDisabledFields: disabled.map((d: { valuesPath: HelmValuesPath }) => ({
        valuesPath: d.valuesPath,
      })),
    },
  };
}

export function writeUserProfileStr(profile: UserProfile): string {
  return JSON.stringify(profile);
}

/** The profile a user who never saved one has: the schema's defaults, everything injected. */
export function defaultUserProfile(schema: JSONSchema, context: unknown): UserProfile {
  const values = computeDefaultValues(schema, { context }).values;
  return {
    userProfileValues: isJsonObject(values) ? values : {},
    autoInjectionDisabledFields: [],
  };
}

export function isAutoInjected(profile: UserProfile, path: HelmValuesPath): boolean {
  return !profile.autoInjectionDisabledFields.some((f) => deepEqual(f.valuesPath, path));
}

/** The profile with the field at `path` injected into launches, or kept out of them. */
export function setAutoInjected(
  profile: UserProfile,
  path: HelmValuesPath,
  injected: boolean,
): UserProfile {
  const others = profile.autoInjectionDisabledFields.filter((f) => !deepEqual(f.valuesPath, path));
  return {
    ...profile,
    autoInjectionDisabledFields: injected ? others : [...others, { valuesPath: [...path] }],
  };
}

/**
 * The profile without the array item `arrayPath[index]`: its value goes, and the settings of the
 * items after it follow them down one index.
 */
export function removeUserProfileItem(
  profile: UserProfile,
  arrayPath: HelmValuesPath,
  index: number,
): UserProfile {
  const n = arrayPath.length;
  const inArray = (p: HelmValuesPath) =>
    p.length > n && deepEqual(p.slice(0, n), arrayPath) && typeof p[n] === "number";
  const fields: UserProfile["autoInjectionDisabledFields"] = [];
  for (const { valuesPath } of profile.autoInjectionDisabledFields) {
    if (!inArray(valuesPath)) fields.push({ valuesPath });
    else if ((valuesPath[n] as number) < index) fields.push({ valuesPath });
    else if ((valuesPath[n] as number) > index)
      fields.push({
        valuesPath: [...arrayPath, (valuesPath[n] as number) - 1, ...valuesPath.slice(n + 1)],
      });
  }
  const values = removeValueAtPath(profile.userProfileValues, [...arrayPath, index]);
  return {
    userProfileValues: isJsonObject(values ?? null) ? (values as Record<string, JsonValue>) : {},
    autoInjectionDisabledFields: fields,
  };
}

export interface ProfileForLaunch {
  /** `user.profile` of the launch context: the values, without the fields kept out. */
  injected: Record<string, JsonValue>;
  /** The fields kept out, at their paths: what the launcher offers as autocomplete options. */
  kept: Record<string, JsonValue>;
}

/**
 * Splits the profile for a launch. An array item kept out leaves the injected array, so the next
 * items move down (as in Onyxia); a kept-out field that has no value is ignored.
 */
export function splitUserProfile(profile: UserProfile): ProfileForLaunch {
  // Deepest and last items first, so removing one never shifts a path still to be removed.
  const paths = profile.autoInjectionDisabledFields
    .map((f) => f.valuesPath)
    .sort((a, b) => comparePaths(b, a));
  let injected: JsonValue = structuredClone(profile.userProfileValues);
  let kept: JsonValue = {};
  const keptItems: { path: HelmValuesPath; value: JsonValue }[] = [];
  for (const path of paths) {
    const value = getValueAtPath(injected, path);
    if (value === undefined) continue;
    keptItems.push({ path, value });
    injected = removeValueAtPath(injected, path) ?? {};
  }
  // Rebuilt in path order: kept array items stay in their order, without holes.
  for (const { path, value } of keptItems.reverse()) {
    const last = path[path.length - 1];
    const parent = path.slice(0, -1);
    if (typeof last === "number") {
      const siblings = getValueAtPath(kept, parent);
      const at = Array.isArray(siblings) ? siblings.length : 0;
      kept = setValueAtPath(kept, [...parent, at], value);
    } else {
      kept = setValueAtPath(kept, path, value);
    }
  }
  return {
    injected: injected as Record<string, JsonValue>,
    kept: kept as Record<string, JsonValue>,
  };
}

function comparePaths(a: HelmValuesPath, b: HelmValuesPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}
