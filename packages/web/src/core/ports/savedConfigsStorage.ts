// Where a project's saved launcher configurations live (reference §5.3): Onyxia's
// `<vaultTopDir>/.onyxia/restorableServiceConfigs` when the region has a Vault, else this browser
// (Onyxia's "not saved durably" mock). The saved-configs use case works on this port only.
import type { HelmValuesPatchEntry } from "@onyxia-ts/core";

export interface SavedConfig {
  friendlyName: string;
  catalogId: string;
  chartName: string;
  chartVersion: string;
  isShared?: boolean;
  s3ProfileName?: string;
  /** Atomic entries only (what a launcher link carries): computeValuesDiff(defaults, current). */
  helmValuesPatch: HelmValuesPatchEntry[];
}

export interface SavedConfigsStorage {
  /** False: kept in this browser only. */
  readonly durable: boolean;
  /** The list and its version (the base of the next write). */
  load(): Promise<{ configs: SavedConfig[]; version: number }>;
  /**
   * Replaces the list, only if it is still at `baseVersion`; otherwise nothing is written and a
   * SavedConfigsConflict carries the list as it is now.
   */
  write(configs: SavedConfig[], baseVersion: number): Promise<{ version: number }>;
  /** Another tab wrote the list (when the storage can tell). */
  onExternalChange?(listener: () => void): () => void;
}

export class SavedConfigsConflict extends Error {
  readonly configs: SavedConfig[];
  readonly version: number;
  constructor(configs: SavedConfig[], version: number) {
    super("The saved configurations were changed elsewhere meanwhile: reloaded, not overwritten");
    this.name = "SavedConfigsConflict";
    this.configs = configs;
    this.version = version;
  }
}
