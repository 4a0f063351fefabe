// The declarative user-profile schema (reference §9): the form the account page generates, whose
// values the web injects into launches as `user.profile.*`. One schema for every user, loaded
// once at startup (onyxia-api: `${profile.schema.directory}/default`; per-role schemas are
// planned there, not implemented). `undefined`: no profile form, answered as an empty body.
import type { JSONSchema } from "@onyxia-ts/core";
import type { User } from "../../user/index.ts";

export interface ProfileSchemaSource {
  /** What `profile.schema.directory` held at startup, if anything. */
  readonly schema: JSONSchema | undefined;
}

/** The profile schema `user` gets (the same for everyone today). */
export function profileSchemaFor(source: ProfileSchemaSource, _user: User): JSONSchema | undefined {
  return source.schema;
}
