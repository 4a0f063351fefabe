// The OIDC provider process: `node --import tsx stack/components/oidc/server.ts <stateDir>`.
// HTTPS on 127.0.0.1 with the stack CA's server certificate.
import fs from "node:fs";
import https from "node:https";
import { HOST, PORTS } from "../../lib/ports.ts";
import { handleInteraction } from "./interactions.ts";
import { ensureSecrets } from "./keys.ts";
import { ensurePki } from "./pki.ts";
import { createProvider } from "./provider.ts";

const stateDir = process.argv[2];
if (!stateDir) throw new Error("usage: server.ts <stateDir>");

const issuer = `https://${HOST}:${PORTS.oidc}`;
const pki = ensurePki(stateDir);
const provider = createProvider(issuer, await ensureSecrets(stateDir));
provider.proxy = false;
const oidcCallback = provider.callback();

const server = https.createServer(
  { key: fs.readFileSync(pki.serverKey), cert: fs.readFileSync(pki.serverCert) },
  (req, res) => {
    handleInteraction(provider, req, res)
      .then((handled) => {
        if (!handled) oidcCallback(req, res);
      })
      .catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  },
);
server.listen(PORTS.oidc, HOST, () => console.log(`oidc provider listening on ${issuer}`));
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
