// A local CA and a server certificate for 127.0.0.1/localhost, made once with openssl and kept
// in `.stack/pki/`: kube-apiserver only accepts https OIDC issuers, and the other servers
// (MinIO, Vault, Node) are told to trust this CA.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

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

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`openssl ${args[0]} failed (is the openssl package installed?): ${stderr}`);
  }
}

/** Creates the CA and the server certificate unless both already exist. */
export function ensurePki(stateDir: string): Pki {
  const pki = pkiPaths(stateDir);
  if ([pki.caCert, pki.caKey, pki.serverCert, pki.serverKey].every((file) => fs.existsSync(file)))
    return pki;
  fs.mkdirSync(pki.dir, { recursive: true, mode: 0o700 });
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "3650",
      "-subj",
      "/CN=onyxia-ts local stack CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    pki.dir,
  );
  fs.writeFileSync(
    path.join(pki.dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n" +
      "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  openssl(
    [
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      "/CN=127.0.0.1",
    ],
    pki.dir,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.crt",
      "-days",
      "825",
      "-extfile",
      "server.ext",
    ],
    pki.dir,
  );
  return pki;
}
