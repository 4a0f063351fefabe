export { profileSchemaFor, type ProfileSchemaSource } from "./profile-schema.ts";
