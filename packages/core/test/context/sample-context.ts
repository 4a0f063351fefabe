// A realistic user context shared by tests: alice in her personal project, on a region with
// S3 (MinIO) and Vault. The random source is seeded so results are reproducible.
import {
  createXOnyxiaContext,
  type XOnyxiaContext,
  type XOnyxiaContextInput,
} from "../../src/context/index.ts";

/** A small deterministic PRNG (mulberry32), so "random" values are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleContextInput(
  overrides: Partial<XOnyxiaContextInput> = {},
): XOnyxiaContextInput {
  return {
    user: {
      idep: "alice",
      firstName: "Alice",
      familyName: "Martin",
      email: "alice@example.org",
      decodedIdToken: {
        sub: "1234",
        preferred_username: "alice",
        groups: ["sspcloud-admin", "team-a"],
      },
      accessToken: "access-token-of-alice",
      refreshToken: "refresh-token-of-alice",
      ip: "192.0.2.10",
      darkMode: true,
      lang: "fr",
    },
    project: { id: "user-alice", password: "projectpass123", vaultTopDir: "alice" },
    region: {
      services: {
        allowedURIPattern: "^https://",
        initScript: "https://example.org/init.sh",
        expose: {
          domain: "lab.example.org",
          ingressClassName: "nginx",
          ingress: true,
          route: false,
          certManager: { useCertManager: false, certManagerClusterIssuer: "" },
        },
        defaultConfiguration: {
          networkPolicy: true,
          from: [
            {
              namespaceSelector: {
                matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" },
              },
            },
          ],
          resources: {
            cpuRequest: "200m",
            cpuLimit: "4000m",
            memoryRequest: "1Gi",
            memoryLimit: "8Gi",
          },
        },
      },
      vault: { URL: "https://vault.example.org", kvEngine: "onyxia-kv" },
    },
    s3: {
      profiles: [
        {
          profileName: "minio",
          isDefault: true,
          url: "https://minio.example.org",
          region: "eu-west-1",
          pathStyleAccess: true,
          credentials: {
            accessKeyId: "AKIAALICE",
            secretAccessKey: "alice-secret",
            sessionToken: "alice-session",
          },
        },
      ],
    },
    vaultToken: "hvs.alice",
    git: {
      name: "Alice Martin",
      email: "alice@example.org",
      credentialsCacheDuration: 3600,
      token: "ghp_alice",
    },
    random: seededRandom(42),
    ...overrides,
  };
}

export function sampleContext(overrides: Partial<XOnyxiaContextInput> = {}): XOnyxiaContext {
  return createXOnyxiaContext(sampleContextInput(overrides));
}
