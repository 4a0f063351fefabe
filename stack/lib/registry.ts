// Every component of the local stack: ours (Kubernetes) plus those other folders provide
// (stack/components/<name>/index.ts, default export), loaded only if they exist.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { kubernetesComponents, type OidcSettings } from "../components/kubernetes/index.ts";
import type { StackComponent, StackContext } from "./component.ts";

export const OPTIONAL_COMPONENTS = ["oidc", "minio", "openbao", "prometheus"] as const;

export interface LoadedModule {
  name: string;
  components: StackComponent[];
  module: Record<string, unknown>;
}

async function loadOptional(ctx: StackContext, name: string): Promise<LoadedModule | undefined> {
  const file = path.join(ctx.root, "stack", "components", name, "index.ts");
  if (!fs.existsSync(file)) return undefined;
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const exported = module.default;
  const components = (Array.isArray(exported) ? exported : [exported]) as StackComponent[];
  if (!components.every((c) => c && typeof c.name === "string" && typeof c.start === "function")) {
    throw new Error(`${file}: the default export is not a StackComponent`);
  }
  return { name, components, module };
}

/** The OIDC provider's settings for kube-apiserver, from the variables its env() exports. */
export function oidcSettingsFrom(env: Record<string, string>): OidcSettings | undefined {
  const issuerUrl = env.OIDC_ISSUER_URL ?? env.OIDC_ISSUER;
  if (!issuerUrl) return undefined;
  return {
    issuerUrl,
    caFile: env.OIDC_CA_FILE,
    clientId: env.OIDC_KUBERNETES_CLIENT_ID ?? env.OIDC_CLIENT_ID ?? "onyxia",
  };
}

export interface Registry {
  components: StackComponent[];
  modules: LoadedModule[];
}

export async function loadRegistry(ctx: StackContext): Promise<Registry> {
  const modules = (
    await Promise.all(OPTIONAL_COMPONENTS.map((name) => loadOptional(ctx, name)))
  ).filter((m): m is LoadedModule => m !== undefined);
  const oidc = modules.find((m) => m.name === "oidc")?.components.find((c) => c.name === "oidc");
  const kubernetes = kubernetesComponents(oidc ? (c) => oidcSettingsFrom(oidc.env(c)) : undefined);
  return { components: [...kubernetes, ...modules.flatMap((m) => m.components)], modules };
}

/** Dependencies first; unknown dependencies are an error, cycles too. */
export function dependencyOrder(components: StackComponent[]): StackComponent[] {
  const byName = new Map(components.map((c) => [c.name, c]));
  const ordered: StackComponent[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (component: StackComponent, chain: string[]) => {
    if (state.get(component.name) === "done") return;
    if (state.get(component.name) === "visiting") {
      throw new Error(`dependency cycle: ${[...chain, component.name].join(" → ")}`);
    }
    state.set(component.name, "visiting");
    for (const dependency of component.dependsOn ?? []) {
      const target = byName.get(dependency);
      if (!target)
        throw new Error(`${component.name} depends on unknown component "${dependency}"`);
      visit(target, [...chain, component.name]);
    }
    state.set(component.name, "done");
    ordered.push(component);
  };
  for (const component of components) visit(component, []);
  return ordered;
}
