import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07, hiddenUnlessEnabled } from "./draft-07.ts";

function gitField(
  description: string,
  reference: string | undefined,
  extra: Partial<JSONSchema> = {},
): JSONSchema {
  return {
    type: "string",
    description,
    default: "",
    ...extra,
    ...(reference === undefined ? {} : { "x-onyxia": { overwriteDefaultWith: reference } }),
    hidden: hiddenUnlessEnabled,
  };
}

export const ideGit: JSONSchema = {
  $schema: DRAFT_07,
  title: "Git",
  description: "Git identity and repository cloned at startup",
  type: "object",
  properties: {
    enabled: { type: "boolean", description: "Configure git in the service", default: true },
    name: gitField("Author name for commits", "{{git.name}}"),
    email: gitField("Author email for commits", "{{git.email}}"),
    cache: gitField(
      "How long (seconds) git keeps credentials in memory",
      "{{git.credentials_cache_duration}}",
    ),
    token: gitField("Personal access token of the forge", "{{git.token}}", { render: "password" }),
    repository: gitField("URL of a repository to clone", "{{git.project}}"),
    branch: gitField("Branch to check out after cloning", undefined),
  },
};
