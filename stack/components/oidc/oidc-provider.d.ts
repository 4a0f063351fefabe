// Minimal typings: oidc-provider 8 ships none and @types/oidc-provider targets other majors.
declare module "oidc-provider" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Loose = any;
  export type Configuration = Loose;
  export type KoaContextWithOIDC = Loose;
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    [member: string]: any;
  }
}
