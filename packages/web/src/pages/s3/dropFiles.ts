// Files and whole folders from a drop or a picker, with their relative paths (folders keep their
// structure). Uses the File and Directory Entries API (`webkitGetAsEntry`), in every browser.
import type { UploadItem } from "../../core/usecases/s3/uploadQueue.ts";

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?: (ok: (f: File) => void, ko: (e: unknown) => void) => void;
  createReader?: () => {
    readEntries: (ok: (e: Entry[]) => void, ko: (e: unknown) => void) => void;
  };
}

async function walk(entry: Entry, out: UploadItem[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, ko) => entry.file!(ok, ko));
    out.push({ relativePath: entry.fullPath.replace(/^\//, ""), file, contentType: file.type });
    return;
  }
  if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries returns at most 100 entries per call: read until it returns none.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, ko) => reader.readEntries(ok, ko));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

export async function itemsFromDataTransfer(data: DataTransfer): Promise<UploadItem[]> {
  const entries = [...data.items]
    .map((item) => (item.webkitGetAsEntry?.() ?? null) as Entry | null)
    .filter((e): e is Entry => e !== null);
  if (entries.length === 0)
    return [...data.files].map((file) => ({
      relativePath: file.name,
      file,
      contentType: file.type,
    }));
  const out: UploadItem[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

/** From `<input type="file" multiple>` or `<input webkitdirectory>`. */
export function itemsFromFileList(files: FileList): UploadItem[] {
  return [...files].map((file) => ({
    relativePath: file.webkitRelativePath || file.name,
    file,
    contentType: file.type,
  }));
}
