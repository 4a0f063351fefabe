import { fork, type ChildProcess } from "node:child_process";
import type { CatalogConfig, ChartFiles, LintFinding, LoadedChartVersion } from "@onyxia-ts/core";
import type { CatalogLoad, CatalogLoader, InProcessLoaderOptions } from "./catalog-loader.ts";
import type { PreviousLoad } from "./load-catalog.ts";
import { checkConcurrency } from "./limiter.ts";
import type { LoaderAnswer, LoaderRequest, LoadMessage } from "./loader-protocol.ts";

export interface LoaderProcessOptions {
  /** The loader process's script: `loader-process.ts` from the sources, `catalog-loader.js`
   * beside the production bundle. */
  entry: string | URL;
  /** Its Node options (the server gives its own: the same memory settings, or tsx's loader). */
  execArgv: string[];
}

/**
 * The loader process beside an entry point (`entryUrl`, its `import.meta.url`): `loader-process.ts`
 * next to the server's `main.ts` when it runs from the sources (through tsx, as `npm run dev`
 * does), else `catalog-loader.js` beside the bundle (scripts/build-server.mjs builds both), run
 * with this process's Node options (the same memory settings, or tsx's loader) but not the
 * debugger's flags (it would try to listen on the same inspector port).
 */
export function loaderProcessBeside(entryUrl: string): LoaderProcessOptions {
  const script = entryUrl.endsWith(".ts") ? "./catalogs/loader-process.ts" : "./catalog-loader.js";
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith("--inspect"));
  return { entry: new URL(script, entryUrl), execArgv };
}

interface Pending {
  config: CatalogConfig;
  previous: PreviousLoad | undefined;
  resolve: (load: CatalogLoad) => void;
  reject: (error: Error) => void;
}

/** One loader process and the loads it was asked for. */
interface Loader {
  child: ChildProcess;
  pending: Map<number, Pending>;
}

/**
 * Loads catalogs in a child process (`loader-process.ts`), started when a load is asked for and
 * disconnected once nothing is in flight: the server keeps the parsed result, not the load's
 * garbage (see loader-process.ts). The catalogs of one refresh share one process (and its
 * download limiter). A process that dies fails its loads (the runtime keeps serving the previous
 * content); the next load starts a new one.
 */
export function createSubprocessLoader(
  options: InProcessLoaderOptions & LoaderProcessOptions,
): CatalogLoader {
  // Checked here, where the request is made: the limiter itself is in the loader process.
  checkConcurrency(options.maxConcurrentDownloads);
  let current: Loader | undefined;
  const all = new Set<Loader>();
  let nextId = 1;
  let closed = false;

  const start = (): Loader => {
    const child = fork(options.entry, [], {
      execArgv: options.execArgv,
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const loader: Loader = { child, pending: new Map() };
    all.add(loader);
    const failAll = (why: string) => {
      for (const p of loader.pending.values())
        p.reject(new Error(`catalog "${p.config.id}": ${why}`));
      loader.pending.clear();
    };
    child.on("message", (answer: LoaderAnswer) => {
      const pending = loader.pending.get(answer.id);
      if (pending === undefined) return;
      loader.pending.delete(answer.id);
      if (loader.pending.size === 0) retire(loader);
      if (!answer.ok) pending.reject(new Error(answer.message));
      else {
        try {
          pending.resolve(fromMessage(answer.load, pending.previous));
        } catch (error) {
          pending.reject(error as Error);
        }
      }
    });
    child.on("error", (error) => {
      failAll(`the catalog loader process failed: ${error.message}`);
      retire(loader);
    });
    child.on("exit", (code, signal) => {
      all.delete(loader);
      if (current === loader) current = undefined;
      failAll(
        closed
          ? "catalog loading stopped"
          : `the catalog loader process exited (${signal ?? `code ${code}`}) before answering`,
      );
    });
    return loader;
  };

  /** No more loads for this process: it exits when it sees the channel close. */
  const retire = (loader: Loader) => {
    if (current === loader) current = undefined;
    if (loader.child.connected) loader.child.disconnect();
  };

  return {
    load(config, previous) {
      if (closed)
        return Promise.reject(new Error(`catalog "${config.id}": catalog loading stopped`));
      const loader = (current ??= start());
      const id = nextId++;
      const request: LoaderRequest = {
        id,
        config,
        http: options.http,
        maxConcurrentDownloads: options.maxConcurrentDownloads,
        ...(previous
          ? {
              previous: {
                validators: previous.validators,
                archiveKeys: [...previous.archives.keys()],
              },
            }
          : {}),
      };
      return new Promise<CatalogLoad>((resolve, reject) => {
        loader.pending.set(id, { config, previous, resolve, reject });
        loader.child.send(request, (error) => {
          if (error && loader.pending.delete(id))
            reject(
              new Error(
                `catalog "${config.id}": cannot reach the catalog loader process: ${error.message}`,
              ),
            );
        });
      });
    },
    async close() {
      closed = true;
      current = undefined;
      await Promise.all(
        [...all].map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGKILL");
            }),
        ),
      );
    },
  };
}

/** The runtime's view of a load: archives the server already held are its own objects again. */
function fromMessage(message: LoadMessage, previous: PreviousLoad | undefined): CatalogLoad {
  if (message.unchanged) {
    if (previous === undefined)
      throw new Error("the loader answered unchanged without a previous load");
    return {
      ...previous,
      archives: new Map(previous.archives),
      problems: [],
      unchanged: true,
      downloads: 0,
    };
  }
  const parsed = new Map<string, ChartFiles>();
  const findings = new Map<ChartFiles, readonly LintFinding[]>();
  for (const [key, files, found] of message.archives) {
    parsed.set(key, files);
    findings.set(files, found);
  }
  const archives = new Map<string, ChartFiles>();
  const charts = new Map<string, LoadedChartVersion[]>();
  for (const [name, versions] of message.charts)
    charts.set(
      name,
      versions.map(({ entry, archive, activity }) => {
        const files = parsed.get(archive) ?? previous?.archives.get(archive);
        if (files === undefined)
          throw new Error(`the loader answered an unknown archive ${archive}`);
        archives.set(archive, files);
        return { entry, files, ...(activity ? { activity } : {}) };
      }),
    );
  return {
    content: { apiVersion: message.apiVersion, generated: message.generated, charts },
    validators: message.validators,
    archives,
    problems: message.problems,
    unchanged: false,
    downloads: message.downloads,
    findings,
  };
}
