// Builds the XOnyxiaContext from already-fetched parts (no I/O here): user, project, region,
// S3 profiles, Vault token and Git settings.
import { base64EncodeUtf8 } from "../encoding/base64.ts";
import type { RegionForContext, UserForContext, XOnyxiaContextInput } from "./input.ts";
import { generateOneTimePassword, generateRandomSubdomain } from "./random.ts";
import { selectS3Profile, sortS3Profiles, toXOnyxiaS3 } from "./s3.ts";
import type { XOnyxiaContext, XOnyxiaRegion, XOnyxiaK8s } from "./types.ts";

function displayName(user: UserForContext): string {
  if (user.familyName && user.firstName) return `${user.familyName} ${user.firstName}`;
  return user.firstName || user.idep;
}

function regionPart(region: RegionForContext): XOnyxiaRegion {
  const services = region.services ?? {};
  const defaults = services.defaultConfiguration ?? {};
  return {
    defaultIpProtection: defaults.ipprotection,
    defaultNetworkPolicy: defaults.networkPolicy,
    allowedURIPattern: services.allowedURIPattern ?? "^https://",
    customValues: services.customValues ?? {},
    kafka: defaults.kafka && { url: defaults.kafka.URL, topicName: defaults.kafka.topicName },
    tolerations: defaults.tolerations,
    from: defaults.from,
    nodeSelector: defaults.nodeSelector,
    startupProbe: defaults.startupProbe,
    sliders: defaults.sliders,
    resources: defaults.resources,
    openshiftSCC: services.openshiftSCC,
  };
}

function k8sPart(region: RegionForContext, randomSubdomain: string): XOnyxiaK8s {
  const expose = region.services?.expose ?? {};
  return {
    domain: expose.domain ?? "",
    ingressClassName: expose.ingressClassName,
    ingress: expose.ingress,
    route: expose.route,
    istio: expose.istio && {
      enabled: expose.istio.enabled ?? false,
      gateways: expose.istio.gateways ?? [],
    },
    randomSubdomain,
    initScriptUrl: region.services?.initScript ?? "",
    useCertManager: expose.certManager?.useCertManager,
    certManagerClusterIssuer: expose.certManager?.certManagerClusterIssuer,
  };
}

export function createXOnyxiaContext(input: XOnyxiaContextInput): XOnyxiaContext {
  const { user, project, region, random } = input;
  const profiles = input.s3?.profiles ?? [];
  const selected = selectS3Profile(profiles, input.s3?.selectedProfileName);
  const git = input.git;
  return {
    user: {
      idep: user.idep,
      name: displayName(user),
      email: user.email,
      password: project.password,
      ip: user.ip ?? "0.0.0.0",
      darkMode: user.darkMode ?? false,
      lang: user.lang ?? "en",
      decodedIdToken: user.decodedIdToken,
      accessToken: user.accessToken,
      refreshToken: user.refreshToken ?? "",
      profile: user.profile,
    },
    service: { oneTimePassword: generateOneTimePassword(random) },
    project: {
      id: project.id,
      password: project.password,
      basic: base64EncodeUtf8(`${project.id}:${project.password}`),
    },
    git: {
      name: git?.name ?? "",
      email: git?.email ?? "",
      credentials_cache_duration: git?.credentialsCacheDuration ?? 0,
      token: git?.token ?? "",
    },
    vault: region.vault && {
      VAULT_ADDR: region.vault.URL,
      VAULT_TOKEN: input.vaultToken,
      VAULT_MOUNT: region.vault.kvEngine,
      VAULT_TOP_DIR: project.vaultTopDir,
    },
    s3: selected && toXOnyxiaS3(selected),
    s3_array: sortS3Profiles(profiles).map(toXOnyxiaS3),
    region: regionPart(region),
    k8s: k8sPart(region, generateRandomSubdomain(random)),
    proxyInjection: region.proxyInjection && {
      enabled: region.proxyInjection.enabled,
      httpProxyUrl: region.proxyInjection.httpProxyUrl,
      httpsProxyUrl: region.proxyInjection.httpsProxyUrl,
      noProxy: region.proxyInjection.noProxy,
    },
    packageRepositoryInjection: region.packageRepositoryInjection && {
      cranProxyUrl: region.packageRepositoryInjection.cranProxyUrl,
      condaProxyUrl: region.packageRepositoryInjection.condaProxyUrl,
      packageManagerUrl: region.packageRepositoryInjection.packageManagerUrl,
      pypiProxyUrl: region.packageRepositoryInjection.pypiProxyUrl,
    },
    certificateAuthorityInjection: region.certificateAuthorityInjection && {
      cacerts: region.certificateAuthorityInjection.cacerts,
      pathToCaBundle: region.certificateAuthorityInjection.pathToCaBundle,
    },
  };
}
