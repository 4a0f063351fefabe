// The stack's Prometheus: Debian's package (`apt-get install -y --no-install-recommends
// prometheus`, 2.42), nothing to build. It scrapes every second whatever targets the tests list
// in `.stack/prometheus/targets/*.json` (file service discovery: a test writes its own file with
// the exporter it runs, and removes it afterwards), so idle suspend's ingress signal is tested
// against real PromQL. There is no ingress controller on the stack: the tests' exporters stand
// in for ingress-nginx's `/metrics`.
import fs from "node:fs";
import path from "node:path";
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { runningPid, spawnDetached } from "../../lib/processes.ts";

const NAME = "prometheus";
export const PROMETHEUS_URL = `http://${HOST}:${PORTS.prometheus}`;
/** How often targets are scraped and the target files re-read. */
export const SCRAPE_INTERVAL = "1s";

const binary = () => process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";

export const prometheusDirs = (ctx: Pick<StackContext, "stateDir">) => {
  const root = path.join(ctx.stateDir, "prometheus");
  return {
    root,
    data: path.join(root, "data"),
    targets: path.join(root, "targets"),
    config: path.join(root, "prometheus.yml"),
  };
};

const config = (
  targets: string,
) => `# Written by stack/components/prometheus; rewritten at each start.
global:
  scrape_interval: ${SCRAPE_INTERVAL}
  evaluation_interval: ${SCRAPE_INTERVAL}
scrape_configs:
  - job_name: stack-tests
    file_sd_configs:
      - files: [${JSON.stringify(path.join(targets, "*.json"))}]
        refresh_interval: ${SCRAPE_INTERVAL}
`;

async function ready(): Promise<boolean> {
  try {
    return (await fetch(`${PROMETHEUS_URL}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

const prometheus: StackComponent = {
  name: NAME,
  async build() {
    if (!fs.existsSync(binary()))
      throw new Error(
        `prometheus: ${binary()} not found; install Debian's package: apt-get install -y --no-install-recommends prometheus (or set PROMETHEUS_BIN)`,
      );
  },
  async start(ctx) {
    if (runningPid(ctx, NAME) !== undefined) return;
    const dirs = prometheusDirs(ctx);
    fs.mkdirSync(dirs.data, { recursive: true });
    fs.mkdirSync(dirs.targets, { recursive: true });
    // The real path: `.stack` may be a link into another checkout that outlives this one.
    fs.writeFileSync(dirs.config, config(fs.realpathSync(dirs.targets)));
    spawnDetached(ctx, {
      name: NAME,
      command: binary(),
      args: [
        `--config.file=${dirs.config}`,
        `--storage.tsdb.path=${dirs.data}`,
        "--storage.tsdb.retention.time=1d",
        `--web.listen-address=${HOST}:${PORTS.prometheus}`,
      ],
    });
  },
  healthy: () => ready(),
  env(ctx) {
    const { targets } = prometheusDirs(ctx);
    // The real path, as in the configuration (`.stack` may be a link into another checkout).
    const real = fs.existsSync(targets) ? fs.realpathSync(targets) : targets;
    return { PROMETHEUS_URL, PROMETHEUS_TARGETS_DIR: real };
  },
};

export default prometheus;
