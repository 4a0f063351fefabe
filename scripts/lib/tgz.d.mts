// Types for tgz.mjs, so TypeScript tests can use it.
export interface TarEntry {
  name: string;
  /** Tar type flag: "0" (or "\0") file, "5" directory, ... */
  type: string;
  content: Buffer;
}
export function readTarEntries(tar: Buffer): Generator<TarEntry>;
export function extractFileFromTgz(tgz: Buffer, wantedName: string): Buffer | undefined;
