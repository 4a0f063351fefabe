// The `mc` command equivalent to each explorer action, for the command bar (reference §6.4).
// Paths are quoted for a POSIX shell; no command ever carries a credential.
import { shellQuote } from "../encoding/shell-quote.ts";

/** The alias the commands use; the profile page's init snippet defines it. */
export const MC_ALIAS = "s3";

const target = (bucket: string, key = "") => shellQuote(`${MC_ALIAS}/${bucket}/${key}`);

export type ShareDuration = "1h" | "1d" | "7d";

/** Seconds for a share duration (pre-signed URLs are limited to 7 days by SigV4). */
export const SHARE_DURATION_SECONDS: Record<ShareDuration, number> = {
  "1h": 3600,
  "1d": 86_400,
  "7d": 604_800,
};
const MC_EXPIRE: Record<ShareDuration, string> = { "1h": "1h", "1d": "24h", "7d": "168h" };

export type S3Action =
  | { kind: "list"; bucket: string; prefix: string }
  | { kind: "createBucket"; bucket: string }
  | { kind: "uploadFile"; bucket: string; key: string; localPath: string }
  | { kind: "uploadFolder"; bucket: string; prefix: string; localPath: string }
  | { kind: "downloadFile"; bucket: string; key: string; localPath: string }
  | { kind: "downloadFolder"; bucket: string; prefix: string; localPath: string }
  | { kind: "deleteObject"; bucket: string; key: string }
  | { kind: "deletePrefix"; bucket: string; prefix: string }
  | { kind: "createFolder"; bucket: string; prefix: string }
  | { kind: "move"; bucket: string; from: string; to: string; recursive: boolean }
  | { kind: "share"; bucket: string; key: string; duration: ShareDuration }
  | { kind: "makePublic"; bucket: string; prefix: string }
  | { kind: "makePrivate"; bucket: string; prefix: string }
  | { kind: "preview"; bucket: string; key: string };

/** The `mc` command line for `action`. */
export function mcCommand(action: S3Action): string {
  switch (action.kind) {
    case "list":
      return `mc ls ${target(action.bucket, action.prefix)}`;
    case "createBucket":
      return `mc mb ${shellQuote(`${MC_ALIAS}/${action.bucket}`)}`;
    case "uploadFile":
      return `mc cp ${shellQuote(action.localPath)} ${target(action.bucket, action.key)}`;
    case "uploadFolder":
      return `mc cp --recursive ${shellQuote(action.localPath)} ${target(action.bucket, action.prefix)}`;
    case "downloadFile":
      return `mc cp ${target(action.bucket, action.key)} ${shellQuote(action.localPath)}`;
    case "downloadFolder":
      return `mc cp --recursive ${target(action.bucket, action.prefix)} ${shellQuote(action.localPath)}`;
    case "deleteObject":
      return `mc rm ${target(action.bucket, action.key)}`;
    case "deletePrefix":
      return `mc rm --recursive --force ${target(action.bucket, action.prefix)}`;
    case "createFolder":
      return `mc cp /dev/null ${target(action.bucket, `${action.prefix}.keep`)}`;
    case "move":
      return `mc mv${action.recursive ? " --recursive" : ""} ${target(action.bucket, action.from)} ${target(action.bucket, action.to)}`;
    case "share":
      return `mc share download --expire ${MC_EXPIRE[action.duration]} ${target(action.bucket, action.key)}`;
    case "makePublic":
      return `mc anonymous set download ${target(action.bucket, action.prefix)}`;
    case "makePrivate":
      return `mc anonymous set none ${target(action.bucket, action.prefix)}`;
    case "preview":
      return `mc head ${target(action.bucket, action.key)}`;
  }
}
