// The registry `x-onyxia.overwriteSchemaWith` and non-local `$ref` look keys up in
// (reference §4.2): role-specific schemas first, then admin overrides, then the built-in ones.
// Pure: the server reads the directories and passes the maps in.
import type { JSONSchema } from "../schema/types.ts";

/** Schemas by relative key, e.g. `ide/resources.json`. */
export type SchemaMap = Readonly<Record<string, JSONSchema>>;

export interface SchemaRegistrySources {
  builtIn: SchemaMap;
  /** `external.schema.directory`: same keys as the built-in ones, replacing them. */
  admin?: SchemaMap;
  /** `role.schema.directory/<role>/<key>`, by role. */
  roles?: Readonly<Record<string, SchemaMap>>;
}

export interface SchemaRegistry {
  /** The schema for `key` as seen by a user with `roles`, or undefined when nobody defines it. */
  get(key: string, roles: readonly string[]): JSONSchema | undefined;
  /** Every key with its effective schema, for one role or none (`/public/schemas?role=`). */
  list(role?: string): Record<string, JSONSchema>;
  /** Whether `role` has schemas of its own (role directory). */
  hasRole(role: string): boolean;
}

export function createSchemaRegistry(sources: SchemaRegistrySources): SchemaRegistry {
  // Copied so later edits of the caller's maps cannot change what resolveSchema memoized.
  const builtIn = toMap(sources.builtIn);
  const admin = toMap(sources.admin ?? {});
  const byRole = new Map(
    Object.entries(sources.roles ?? {}).map(([role, map]) => [role, toMap(map)]),
  );

  const shared = (key: string): JSONSchema | undefined => admin.get(key) ?? builtIn.get(key);

  return {
    get(key, roles) {
      // Onyxia sorts the user's roles; the first one defining the key wins.
      for (const role of [...roles].sort()) {
        const schema = byRole.get(role)?.get(key);
        if (schema !== undefined) return schema;
      }
      return shared(key);
    },
    hasRole(role) {
      return (byRole.get(role)?.size ?? 0) > 0;
    },
    list(role) {
      const merged: Record<string, JSONSchema> = Object.fromEntries(builtIn);
      for (const [key, schema] of admin) merged[key] = schema;
      if (role !== undefined)
        for (const [key, schema] of byRole.get(role) ?? []) merged[key] = schema;
      return merged;
    },
  };
}

function toMap(record: SchemaMap): Map<string, JSONSchema> {
  return new Map(Object.entries(record));
}
