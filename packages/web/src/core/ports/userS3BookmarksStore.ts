// Where the user's own S3 bookmarks are kept (reference §9): Onyxia keeps them with the user's
// configs, `<personal vaultTopDir>/.onyxia/s3BookmarksStr`, in the region's Vault (else this
// browser's fallback). bootstrap.ts builds it over the user-settings use case.

export interface UserS3BookmarksStore {
  /** Whose bookmarks these are now (undefined: nobody is signed in, there are none). */
  owner(): string | undefined;
  /** False: kept in this browser only (the region has no Vault). */
  durable(): boolean;
  /** The stored `s3BookmarksStr` text (null: nothing saved yet). */
  load(): Promise<string | null>;
  save(text: string): Promise<void>;
}
