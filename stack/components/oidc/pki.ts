// A local CA and a server certificate for 127.0.0.1/localhost, made once with openssl and kept
// in `.stack/pki/`: kube-apiserver only accepts https OIDC issuers, and the other servers
// (MinIO, Vault, Node) are told to trust this CA.
import path from "node:path";
import { ensureCa, ensureSignedCert } from "../../lib/pki.ts";

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export function pkiPaths(stateDir: string): Pki {
  const dir = path.join(stateDir, "pki");
  return {
    dir,
    caCert: path.join(dir, "ca.crt"),
    caKey: path.join(dir, "ca.key"),
    serverCert: path.join(dir, "server.crt"),
    serverKey: path.join(dir, "server.key"),
  };
}

/** Creates the CA and the server certificate unless both already exist. */
export function ensurePki(stateDir: string): Pki {
  const pki = pkiPaths(stateDir);
  const ca = ensureCa(pki.dir, "ca", "onyxia-ts local stack CA");
  ensureSignedCert(pki.dir, "server", ca, {
    subject: "/CN=127.0.0.1",
    subjectAltNames: ["IP:127.0.0.1", "DNS:localhost"],
    usage: "serverAuth",
  });
  return pki;
}
