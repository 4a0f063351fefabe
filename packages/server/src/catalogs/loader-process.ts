// The catalog loader process: started by the server when catalogs are (re)loaded, gone when
// they are. Downloading, gunzipping and parsing hundreds of chart archives leaves malloc's arena
// fragmented (11 MB free but resident after the `all` mode's 583 archives, which only
// malloc_trim gives back and Node does not expose) and V8's compiler zones behind; here that is
// this process's memory and the system takes it back when it exits. The server receives the
// parsed result in one structured-clone message (subprocess-loader.ts).
//
// One request per catalog (loader-protocol.ts); the downloads of all of them share one limiter.
// Exits when the server disconnects (it does once nothing is in flight).
import type { ChartFiles, LintFinding } from "@onyxia-ts/core";
import { createInProcessLoader, type CatalogLoader } from "./catalog-loader.ts";
import { lintSafely } from "./catalog-lint.ts";
import type { PreviousLoad } from "./load-catalog.ts";
import type { LoaderAnswer, LoaderRequest, LoadMessage } from "./loader-protocol.ts";

process.title = "onyxia-ts catalog loader";
let loader: CatalogLoader | undefined;

async function handle(request: LoaderRequest): Promise<LoadMessage> {
  loader ??= createInProcessLoader({
    http: request.http,
    maxConcurrentDownloads: request.maxConcurrentDownloads,
  });
  // The archives the server holds stand here as placeholders: the load reuses them instead of
  // downloading them, and the answer names them by key.
  const held = new Map<ChartFiles, string>();
  const previous: PreviousLoad | undefined = request.previous && {
    content: { apiVersion: undefined, generated: undefined, charts: new Map() },
    validators: request.previous.validators,
    archives: new Map(
      request.previous.archiveKeys.map((key) => {
        const placeholder: ChartFiles = { valuesSchema: null, valuesYaml: null };
        held.set(placeholder, key);
        return [key, placeholder];
      }),
    ),
  };
  const load = await loader.load(request.config, previous);
  const keyOf = new Map<ChartFiles, string>();
  const archives: [string, ChartFiles, readonly LintFinding[]][] = [];
  if (!load.unchanged)
    for (const [key, files] of load.archives) {
      keyOf.set(files, key);
      if (!held.has(files)) archives.push([key, files, lintSafely(files)]);
    }
  return {
    unchanged: load.unchanged,
    apiVersion: load.content.apiVersion,
    generated: load.content.generated,
    charts: load.unchanged
      ? []
      : [...load.content.charts].map(([name, versions]) => [
          name,
          versions.map(({ entry, files, activity }) => ({
            entry,
            archive: keyOf.get(files) as string,
            ...(activity ? { activity } : {}),
          })),
        ]),
    archives,
    validators: load.validators,
    problems: load.problems,
    downloads: load.downloads,
  };
}

process.on("message", (request: LoaderRequest) => {
  handle(request).then(
    (load) => answer({ id: request.id, ok: true, load }),
    (error: unknown) =>
      answer({ id: request.id, ok: false, message: (error as Error).message ?? String(error) }),
  );
});
// The server went away or is done with us: in-flight downloads are abandoned with the process.
process.on("disconnect", () => process.exit(0));

function answer(message: LoaderAnswer): void {
  process.send?.(message);
}
