// Certificates of the local stack, made with openssl (a CA, then certificates it signs), each
// written once and kept: `<dir>/<name>.crt` and `<dir>/<name>.key`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface KeyPair {
  cert: string;
  key: string;
}

export const keyPair = (dir: string, name: string): KeyPair => ({
  cert: path.join(dir, `${name}.crt`),
  key: path.join(dir, `${name}.key`),
});

const exists = (pair: KeyPair) => fs.existsSync(pair.cert) && fs.existsSync(pair.key);

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`openssl ${args[0]} failed (is the openssl package installed?): ${stderr}`);
  }
}

/** `openssl req` arguments writing a new unencrypted RSA key to `<name>.key`. */
const newKey = (name: string) => ["-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`];

/** A self-signed CA valid for 10 years, unless `<dir>/<name>.crt` and `.key` exist. */
export function ensureCa(dir: string, name: string, commonName: string): KeyPair {
  const pair = keyPair(dir, name);
  if (exists(pair)) return pair;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  openssl(
    [
      "req",
      "-x509",
      ...newKey(name),
      "-out",
      `${name}.crt`,
      "-days",
      "3650",
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  return pair;
}

export interface CertificateRequest {
  /** e.g. "/CN=127.0.0.1" or "/CN=front-proxy-client/O=…". */
  subject: string;
  /** Server certificates: `IP:127.0.0.1`, `DNS:localhost`… */
  subjectAltNames?: string[];
  usage: "serverAuth" | "clientAuth";
}

/** A certificate signed by `ca`, unless `<dir>/<name>.crt` and `.key` exist. */
export function ensureSignedCert(
  dir: string,
  name: string,
  ca: KeyPair,
  request: CertificateRequest,
): KeyPair {
  const pair = keyPair(dir, name);
  if (exists(pair)) return pair;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyUsage =
    request.usage === "serverAuth" ? "digitalSignature,keyEncipherment" : "digitalSignature";
  const extensions = [
    ...(request.subjectAltNames ? [`subjectAltName=${request.subjectAltNames.join(",")}`] : []),
    "basicConstraints=CA:FALSE",
    `keyUsage=critical,${keyUsage}`,
    `extendedKeyUsage=${request.usage}`,
  ];
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${extensions.join("\n")}\n`);
  openssl(["req", ...newKey(name), "-out", `${name}.csr`, "-subj", request.subject], dir);
  openssl(
    [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      ca.cert,
      "-CAkey",
      ca.key,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "825",
      "-extfile",
      `${name}.ext`,
    ],
    dir,
  );
  return pair;
}
