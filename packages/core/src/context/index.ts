// XOnyxiaContext: the values charts reference from `x-onyxia`, its builder and the resolver.
export type * from "./types.ts";
export type * from "./input.ts";
export { createXOnyxiaContext } from "./create-x-onyxia-context.ts";
export { generateOneTimePassword, generateRandomSubdomain } from "./random.ts";
export { toXOnyxiaS3, selectS3Profile, sortS3Profiles } from "./s3.ts";
export { parseContextPath, readAtContextPath, type ContextPathSegment } from "./context-path.ts";
export { resolveXOnyxiaReference, type ResolveOptions } from "./resolve-reference.ts";
