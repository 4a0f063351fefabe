// A bench's API server in a child process (so the load generator does not share its event loop):
// the parent forks the bench file itself with BENCH_ROLE=api and waits for the URL it reports.
import { fork, type ChildProcess } from "node:child_process";

export interface ApiChild {
  child: ChildProcess;
  url: string;
}

/**
 * Forks `file` as the API process (a bench through tsx, or a bundle built from one: a `.js` file
 * runs as it is); resolves with the URL it sends.
 */
export async function forkApi(
  file: string,
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<ApiChild> {
  const child = fork(file, {
    execArgv: [...(file.endsWith(".js") ? [] : ["--import", "tsx"]), ...execArgv],
    env: { ...process.env, BENCH_ROLE: "api", ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m: { url: string }) => resolve(m.url));
    child.once("exit", (code) => reject(new Error(`API process exited (${code})`)));
  });
  return { child, url };
}

/** In the API process: reports the listening app's URL to the parent. */
export function reportUrl(app: { server: { address(): unknown } }): void {
  const { port } = app.server.address() as { port: number };
  process.send?.({ url: `http://127.0.0.1:${port}` });
}
