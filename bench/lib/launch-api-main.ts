// The launch benches' API process as production runs it: bundled by scripts/build-server.mjs
// (`--entry bench/lib/launch-api-main.ts`) and started with `npm run serve`'s Node options, its
// catalogs read in the loader process built beside it (as the server's main.ts does).
import { loaderProcessBeside } from "../../packages/server/src/catalogs/index.ts";
import { launchApiProcess } from "./launch-api.ts";

await launchApiProcess({
  quota: process.env["BENCH_QUOTA"] !== "0",
  catalogLoaderProcess: loaderProcessBeside(import.meta.url),
});
