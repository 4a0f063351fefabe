// The keys of one `catalogs` entry (reference §3). Defaults are applied by `withCatalogDefaults`
// (catalog feature); this shape only checks types so the errors name the key.
import { CATALOG_STATUSES, MULTIPLE_SERVICES_MODES } from "../catalog/config-types.ts";
import type { Shape } from "./shape.ts";

const str: Shape = { kind: "string" };
const strings: Shape = { kind: "array", items: str };
const stringMap: Shape = { kind: "record", values: str };
const localized: Shape = {
  kind: "union",
  options: [str, stringMap],
  describe: "a string or a {lang: text} map",
};

/** The id doubles as a Helm repository alias, so it must be safe on a command line. */
export const CATALOG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const catalogShape: Shape = {
  kind: "object",
  fields: {
    id: {
      kind: "string",
      required: true,
      pattern: CATALOG_ID_PATTERN,
      patternHint:
        "an id of letters, digits, '.', '_' or '-' (at most 63, starting with a letter or digit)",
    },
    location: {
      kind: "string",
      required: true,
      pattern: /\S/,
      patternHint: "a non-empty location",
    },
    name: localized,
    description: localized,
    maintainer: str,
    scm: str,
    status: { kind: "string", enum: CATALOG_STATUSES },
    type: str,
    highlightedCharts: strings,
    excludedCharts: strings,
    includeKeywords: strings,
    excludeKeywords: strings,
    includeAnnotations: stringMap,
    excludeAnnotations: stringMap,
    multipleServicesMode: { kind: "string", enum: MULTIPLE_SERVICES_MODES },
    maxNumberOfVersions: { kind: "integer", min: 1 },
    skipTlsVerify: { kind: "boolean" },
    caFile: {
      kind: "string",
      nullable: true,
      pattern: /^[^/\\]+$/,
      patternHint: "a file name (no directory)",
    },
    timeout: {
      kind: "string",
      nullable: true,
      pattern: /^(\d+(\.\d+)?(ns|us|\u00b5s|ms|s|m|h))+$/,
      patternHint: 'a duration such as "10m"',
    },
    allowSharing: { kind: "boolean" },
    visible: {
      kind: "object",
      fields: { user: { kind: "boolean" }, project: { kind: "boolean" } },
    },
    restrictions: {
      kind: "array",
      items: {
        kind: "object",
        fields: {
          userAttribute: {
            kind: "object",
            required: true,
            fields: {
              key: { kind: "string", required: true },
              matches: { kind: "string", required: true, regex: true },
            },
          },
        },
      },
    },
    username: { kind: "string", nullable: true },
    password: { kind: "string", nullable: true, secret: true },
  },
};
