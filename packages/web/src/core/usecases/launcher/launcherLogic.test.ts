import { decodeLauncherLink, applyValuesPatch, type JsonValue } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import {
  autoLaunchMode,
  buildShareableLink,
  helmCommands,
  pickDefaultVersion,
} from "./launcherLogic.ts";

describe("pickDefaultVersion", () => {
  it("takes the newest version that is not a pre-release", () => {
    expect(pickDefaultVersion(["2.0.0-rc.1", "1.9.0", "1.8.0"])).toBe("1.9.0");
    expect(pickDefaultVersion(["3.0.0", "2.0.0-rc.1"])).toBe("3.0.0");
  });
  it("falls back to the newest when every version is a pre-release", () => {
    expect(pickDefaultVersion(["2.0.0-rc.2", "2.0.0-rc.1"])).toBe("2.0.0-rc.2");
    expect(pickDefaultVersion([])).toBeUndefined();
  });
});

describe("buildShareableLink", () => {
  const defaults: JsonValue = {
    resources: { limits: { cpu: "1000m", memory: "2Gi" } },
    persistence: { enabled: true, size: "10Gi" },
    replicas: 1,
  };
  const base = {
    catalogId: "ide",
    chartName: "jupyter",
    friendlyName: "jupyter",
    version: "1.2.0",
    defaultVersion: "1.2.0",
    defaults,
  };

  it("is the bare launcher path when nothing changed", () => {
    expect(buildShareableLink({ ...base, values: defaults })).toEqual({
      href: "/launcher/ide/jupyter",
      omitted: [],
    });
  });

  it("round-trips the values diff, the friendly name and a non-default version through Onyxia's link format", () => {
    const values: JsonValue = {
      resources: { limits: { cpu: "4000m", memory: "2Gi" } },
      persistence: { enabled: false, size: "10Gi" },
      replicas: 1,
    };
    const { href, omitted } = buildShareableLink({
      ...base,
      values,
      friendlyName: "my lab",
      version: "1.1.0",
    });
    expect(omitted).toEqual([]);
    expect(href).toContain("resources.limits.cpu=%C2%AB4000m%C2%BB");
    expect(href).toContain("persistence.enabled=false");
    const [pathname, search = ""] = href.split("?");
    const link = decodeLauncherLink(pathname ?? "", search);
    expect(link).toMatchObject({
      catalogId: "ide",
      chartName: "jupyter",
      friendlyName: "my lab",
      version: "1.1.0",
    });
    expect(applyValuesPatch(defaults, link.helmValuesPatch)).toEqual(values);
  });

  it("passes the shared flag and the S3 profile through", () => {
    const { href } = buildShareableLink({
      ...base,
      values: defaults,
      shared: true,
      s3: "my profile",
    });
    expect(href).toBe("/launcher/ide/jupyter?shared=true&s3=my%20profile");
  });

  it("reports top-level changes a link cannot carry instead of failing", () => {
    const { href, omitted } = buildShareableLink({
      ...base,
      values: { ...(defaults as object), replicas: 3 },
    });
    expect(href).toBe("/launcher/ide/jupyter");
    expect(omitted).toEqual([["replicas"]]);
  });
});

describe("helmCommands", () => {
  const input = {
    catalogId: "databases",
    repoUrl: "https://inseefrlab.github.io/helm-charts-databases",
    chartName: "postgresql",
    releaseName: "postgresql-123456",
    version: "1.0.12",
    isDefaultVersion: true,
    namespace: undefined,
    values: { auth: { password: "it's $secret" } },
  };

  it("adds the repo, writes the values with a literal heredoc and installs", () => {
    const text = helmCommands(input);
    expect(text.split("\n")).toEqual([
      "helm repo add databases https://inseefrlab.github.io/helm-charts-databases",
      "cat << 'EOF' > ./values.yaml",
      "auth:",
      "  password: it's $secret",
      "EOF",
      "helm install postgresql-123456 databases/postgresql -f values.yaml",
    ]);
  });

  it("passes --namespace for group projects and --version when not the default", () => {
    const text = helmCommands({
      ...input,
      namespace: "projet-foo",
      isDefaultVersion: false,
      version: "1.0.11",
    });
    expect(text).toContain(
      "helm install postgresql-123456 databases/postgresql --namespace projet-foo --version 1.0.11 -f values.yaml",
    );
  });

  it("quotes words that are not shell-safe", () => {
    const text = helmCommands({ ...input, releaseName: "a b;rm -rf" });
    expect(text).toContain("helm install 'a b;rm -rf' ");
  });
});

describe("launch links keep what they pin (issue 10 item 3)", () => {
  const defaults: JsonValue = { replicas: 1 };
  const base = {
    catalogId: "ide",
    chartName: "jupyter",
    friendlyName: "jupyter",
    version: "1.2.0",
    defaultVersion: "1.2.0",
    defaults,
    values: defaults,
  };
  it("keeps version= when the link had it, even when it is the latest", () => {
    expect(buildShareableLink({ ...base, versionPinned: true }).href).toBe(
      "/launcher/ide/jupyter?version=1.2.0",
    );
    expect(buildShareableLink({ ...base, versionPinned: false }).href).toBe(
      "/launcher/ide/jupyter",
    );
  });
  it("always names a version that is not the default", () => {
    expect(buildShareableLink({ ...base, version: "1.1.0" }).href).toBe(
      "/launcher/ide/jupyter?version=1.1.0",
    );
  });
});

describe("autoLaunch=true", () => {
  const link = { linkAutoLaunch: true, disableAutoLaunch: false, loggedIn: true, asOpened: true };
  it("launches directly, as Onyxia's web does", () => {
    expect(autoLaunchMode(link)).toBe("launch");
  });
  it("asks first only when DISABLE_AUTO_LAUNCH is set", () => {
    expect(autoLaunchMode({ ...link, disableAutoLaunch: true })).toBe("confirm");
  });
  it("does nothing without the flag, for an anonymous visitor, or once the form moved on", () => {
    expect(autoLaunchMode({ ...link, linkAutoLaunch: false })).toBe("none");
    expect(autoLaunchMode({ ...link, loggedIn: false })).toBe("none");
    expect(autoLaunchMode({ ...link, asOpened: false })).toBe("none");
  });
});
