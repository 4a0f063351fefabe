/// <reference types="node" />
// Where the project's read-only material is (real Onyxia catalogs, Onyxia's schema registry): the
// `shared/` folder beside the repository, as developers' machines and CI lay it out.
// ONYXIA_SHARED_DIR overrides it.
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const SHARED_DIR = process.env.ONYXIA_SHARED_DIR ?? path.resolve(repoRoot, "../shared");
export const SHARED_CATALOGS_DIR = path.join(SHARED_DIR, "catalogs");
export const SHARED_SCHEMAS_DIR = path.join(SHARED_DIR, "schemas");
