import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

function hiddenString(description: string): JSONSchema {
  return { type: "string", description, default: "", "x-onyxia": { hidden: true } };
}

export const proxy: JSONSchema = {
  $schema: DRAFT_07,
  title: "Proxy",
  type: "object",
  properties: {
    enabled: {
      type: "boolean",
      description: "Set proxy environment variables",
      default: false,
      "x-onyxia": { hidden: true },
    },
    httpProxy: hiddenString("Proxy for HTTP traffic"),
    httpsProxy: hiddenString("Proxy for HTTPS traffic"),
    noProxy: hiddenString("Comma-separated hosts reached without the proxy"),
  },
};
