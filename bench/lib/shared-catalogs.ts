// The two real shared catalogs (databases, automation) served as Helm repositories on 127.0.0.1:
// the real index.yaml with every chart url rewritten to /<chart>/<version>.tgz, and one archive per
// chart version packed on the fly from its shared folder (digests dropped: the archives are ours).
import {
  rewriteSharedIndex,
  sharedArchiveHandler,
  sharedCatalog,
  startServer,
  type TestServer,
} from "../../packages/server/test/catalogs/fixtures.ts";

export interface SharedCatalogs {
  /** Catalog id → repository URL. */
  repos: Record<string, string>;
  close(): Promise<void>;
}

export async function serveSharedCatalogs(): Promise<SharedCatalogs> {
  const servers: TestServer[] = [];
  const repos: Record<string, string> = {};
  for (const id of ["databases", "automation"] as const) {
    const { index, archives } = await sharedCatalog(id);
    let base = "";
    const server = await startServer(
      sharedArchiveHandler(() => rewriteSharedIndex(index, base), archives),
    );
    base = `${server.url}/`;
    servers.push(server);
    repos[id] = server.url;
  }
  return { repos, close: async () => void (await Promise.all(servers.map((s) => s.close()))) };
}
