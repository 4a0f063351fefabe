import { generateRandomSubdomain } from "../context/random.ts";
import { MAX_RELEASE_NAME_LENGTH } from "./rules.ts";

// Onyxia names a release `${chartName}-${k8s.randomSubdomain}`, the same random digits that go
// into the ingress hostname. The chart part is shortened (and made DNS-safe) so the whole name
// stays a valid release name even for long chart names.

/** `<chart>-<randomSubdomain>`, with the chart part cut so the result is ≤ 53 characters. */
export function releaseNameFor(chartName: string, randomSubdomain: string): string {
  const suffix = `-${randomSubdomain}`;
  const chartPart =
    chartName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .slice(0, MAX_RELEASE_NAME_LENGTH - suffix.length)
      .replace(/^-+|-+$/g, "") || "service";
  return chartPart + suffix;
}

/** A fresh release name `<chart>-<6 digits>`; `random` returns floats in [0, 1) like Math.random. */
export function generateReleaseName(chartName: string, random: () => number): string {
  return releaseNameFor(chartName, generateRandomSubdomain(random));
}
