import fc from "fast-check";
import type { HelmValuesPatchEntry, HelmValuesPatchValue } from "../../src/launcher-link/index.ts";

// Characters that matter to the codec: separators, escapes, query syntax, guillemets.
const trickyChar = fc.constantFrom(
  ".",
  "\\",
  "[",
  "]",
  "=",
  "&",
  "%",
  "«",
  "»",
  "#",
  "?",
  "+",
  " ",
  "0",
  "7",
  "e",
  "-",
  "/",
);
const anyChar = fc.oneof(trickyChar, fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }));
export const trickyString = fc.string({ unit: anyChar, maxLength: 12 });

const numericLookingString = fc.constantFrom(
  "007",
  "1e3",
  "-1",
  "0.5",
  ".5",
  "NaN",
  "Infinity",
  "true",
  "null",
  "-",
  "",
);

export const patchKey = fc.oneof(
  trickyString,
  numericLookingString,
  fc.string({ unit: "grapheme", maxLength: 8 }),
);

export const patchValue: fc.Arbitrary<HelmValuesPatchValue> = fc.oneof(
  trickyString,
  numericLookingString,
  fc.string({ unit: "grapheme" }),
  fc.integer(),
  // -0 is written "0" like any JS number-to-string conversion does; it is not a distinct value.
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const segment = fc.oneof(
  { weight: 3, arbitrary: patchKey },
  { weight: 1, arbitrary: fc.nat({ max: 1000 }) },
);

const isExpressible = (path: (string | number)[]) =>
  path.filter((s) => typeof s === "string").length > 1 ||
  path.some((s) => typeof s === "string" && s.includes("."));

/** Paths a link can express: they start with a key and their query key contains a dot. */
export const patchPath: fc.Arbitrary<(string | number)[]> = fc
  .tuple(patchKey, fc.array(segment, { maxLength: 5 }))
  .map(([first, rest]) => [first, ...rest])
  // `key[0]` has no dot, so it would not read back as a patch: give it a sub-key.
  .map((path) => (isExpressible(path) ? path : [...path, "k"]))
  .filter((path) => !(path[0] === "oidc-spa" && path.length > 1));

// fc.record builds null-prototype objects; spread them so toStrictEqual compares like with like.
export const patchEntry: fc.Arbitrary<HelmValuesPatchEntry> = fc
  .record({ path: patchPath, value: patchValue })
  .map((entry) => ({ ...entry }));
