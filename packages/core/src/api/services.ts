// GET /my-lab/services, /my-lab/app, /my-lab/quota: the services read side.
import type { QuotaUsage } from "../releases/quota.ts";
import type { Service } from "../releases/service.ts";

/** GET /my-lab/services (Onyxia's shape; `groups` is always empty). */
export interface ServicesResponse {
  apps: Service[];
  groups: [];
}

/** GET /my-lab/app?serviceId= */
export type ServiceResponse = Service;

/** GET /my-lab/quota: `{}` when the project has no quota. */
export type QuotaResponse = QuotaUsage | Record<string, never>;

/** Sent in the Onyxia-Commands header when asked (`?withCommands=true`). */
export const COMMANDS_HEADER = "onyxia-commands";

/** POST /my-lab/app/idle/postpone: the owner's "not now" (idle suspend, issue 17). */
export interface IdlePostponeResponse {
  release: string;
  postponedAt: string;
  /** When it will be paused if it stays idle. */
  suspendAt: string;
  commands: string[];
}
