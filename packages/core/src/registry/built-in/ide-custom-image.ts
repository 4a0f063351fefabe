import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideCustomImage: JSONSchema = {
  $schema: DRAFT_07,
  title: "Custom image",
  description: "Run an image of your choice rather than one of the listed versions",
  type: "boolean",
  default: false,
};
