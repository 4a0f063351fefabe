// Extra response headers of PUT /my-lab/app, whose body must stay Onyxia's `[manifest]`.

/** JSON with every non-ASCII character escaped, so it is a valid header value. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export {
  LAUNCH_COMMANDS_HEADER as COMMANDS_HEADER,
  LAUNCH_RELEASE_HEADER as RELEASE_HEADER,
} from "@onyxia-ts/core";
