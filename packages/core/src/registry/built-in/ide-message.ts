import type { JSONSchema } from "../../schema/types.ts";
import { DRAFT_07 } from "./draft-07.ts";

export const ideMessage: JSONSchema = {
  $schema: DRAFT_07,
  title: "Message",
  description: "Extra text shown in the service notes",
  type: "object",
  "x-onyxia": { hidden: true },
  properties: {
    fr: { type: "string", description: "Texte ajouté aux notes du service", default: "" },
    en: { type: "string", description: "Text added to the service notes", default: "" },
  },
};
