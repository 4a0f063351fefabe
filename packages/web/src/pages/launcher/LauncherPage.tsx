import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import {
  createXOnyxiaContext,
  decodeLauncherLink,
  type UserLang,
  type ValuesDiffEntry,
} from "@onyxia-ts/core";
import { useCallback, useMemo, useRef, useState } from "react";
import { apiSession } from "../../api/client.ts";
import { useAsync } from "../../api/useAsync.ts";
import { useLocation, useNavigate, useParams } from "react-router";
import { branding } from "../../config/branding.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";
import { buildContextInput, sessionProjectPassword } from "./buildContextInput.ts";
import { LauncherForm } from "./LauncherForm.tsx";
import { useChartData, useVersionData } from "./useLauncherData.ts";
import { prepareLaunchVault } from "../../vault/launchContext.ts";
import { vaultSession } from "../../vault/session.ts";

function LauncherSkeleton() {
  return (
    <Stack spacing={2} data-testid="launcher-skeleton">
      <Skeleton variant="rounded" height={180} />
      <Skeleton variant="rounded" height={56} />
      <Skeleton variant="rounded" height={56} />
      <Skeleton variant="rounded" height={56} />
    </Stack>
  );
}

interface Carried {
  version: string | undefined;
  patch: ValuesDiffEntry[];
  friendlyName: string | undefined;
  /** Kept from the opened link: the address bar is rewritten right after. */
  linkError: string | undefined;
  passThrough: { shared?: boolean; s3?: string };
}

/** Onyxia's launcher requires login; in auth mode "none" everyone is logged in. */
export default function LauncherRoute() {
  const { t } = useI18n();
  const session = useSession();
  if (!session.loggedIn && session.canLogin) {
    return (
      <Alert
        severity="info"
        data-testid="launcher-login-required"
        action={
          <Button variant="contained" onClick={session.login}>
            {t.shell.login}
          </Button>
        }
      >
        {t.launcher.loginRequired}
      </Alert>
    );
  }
  return <LauncherPage />;
}

function LauncherPage() {
  const { t, lang } = useI18n();
  const { mode } = useThemeMode();
  const session = useSession();
  const { catalogId = "", chartName = "" } = useParams();
  const { pathname, search } = useLocation();

  const navigate = useNavigate();

  const decoded = useMemo(() => {
    try {
      return { link: decodeLauncherLink(pathname, search), error: undefined };
    } catch (error) {
      return { link: undefined, error: error instanceof Error ? error.message : String(error) };
    }
  }, [pathname, search]);
  const fromLink = (): Carried => ({
    version: decoded.link?.version,
    patch: decoded.link?.helmValuesPatch ?? [],
    friendlyName: decoded.link?.friendlyName,
    linkError: decoded.error,
    passThrough: {
      ...(decoded.link?.shared !== undefined ? { shared: decoded.link.shared } : {}),
      ...(decoded.link?.s3 !== undefined ? { s3: decoded.link.s3 } : {}),
    },
  });

  const [carried, setCarried] = useState<Carried>(fromLink);
  // The form keeps the URL in sync with its state (as Onyxia does), so a reload keeps the edits.
  // Only a URL this page did not write itself (a link opened in this tab) restarts the form.
  const selfWrittenSearch = useRef<string | undefined>(undefined);
  const [seenSearch, setSeenSearch] = useState(search);
  const [generation, setGeneration] = useState(0);
  if (seenSearch !== search) {
    setSeenSearch(search);
    if (search !== selfWrittenSearch.current) {
      setGeneration((g) => g + 1);
      setCarried(fromLink());
    }
  }
  const onLinkChange = useCallback(
    (href: string) => {
      const query = href.includes("?") ? href.slice(href.indexOf("?")) : "";
      if (query === window.location.search) return;
      selfWrittenSearch.current = query;
      void navigate(href, { replace: true });
    },
    [navigate],
  );

  // Vault token, service password and git identity from Vault (Onyxia's .onyxia settings); a
  // Vault that cannot be reached leaves them out and says so, the launch still works.
  const vaultPart = useAsync(async () => {
    const vault = vaultSession({
      region: session.configuration.regions?.[0],
      userInfo: session.userInfo,
      projects: session.projects,
      accessToken: () => apiSession.accessToken?.(),
    });
    if (!vault || !session.project) return undefined;
    return prepareLaunchVault({
      vault: vault.port,
      durable: vault.durable,
      projectTopDir: session.project.vaultTopDir ?? vault.personalTopDir,
      personalTopDir: vault.personalTopDir,
      canInjectPersonalInfos: !(
        session.project.group && branding.disablePersonalInfosInjectionInGroup
      ),
      username: session.userInfo?.idep ?? "",
      email: session.userInfo?.email ?? "",
      isCommandBarEnabledByDefault: !branding.disableCommandBar,
      newPassword: () => sessionProjectPassword(session.project?.id ?? "", Math.random),
    });
  }, [session]);
  const vaultData = vaultPart.status === "success" ? vaultPart.data : undefined;

  // One context per page visit: its random subdomain and one-time password stay stable while editing.
  const context = useMemo(() => {
    if (vaultPart.status === "loading") return undefined;
    const random = Math.random;
    const projectId = session.project?.id ?? `user-${session.userInfo?.idep ?? "anonymous"}`;
    return createXOnyxiaContext(
      buildContextInput({
        userInfo: session.userInfo,
        project: session.project,
        region: session.configuration.regions?.[0],
        lang: lang as UserLang,
        darkMode: mode === "dark",
        random,
        projectPassword: vaultData?.projectPassword ?? sessionProjectPassword(projectId, random),
        vaultToken: vaultData?.vaultToken,
        git: vaultData?.git,
      }),
    );
    // The context is fixed for the visit; a language or theme switch applies to the next one.
  }, [session, vaultPart.status]);
  const vaultNotice =
    vaultPart.status === "error"
      ? vaultPart.error instanceof Error
        ? vaultPart.error.message
        : String(vaultPart.error)
      : vaultData?.notice;

  const chartData = useChartData(catalogId, chartName, session.loggedIn, session.project?.id);
  const data = chartData.status === "success" ? chartData.data : undefined;
  const version = carried.version ?? data?.defaultVersion;
  const versionData = useVersionData(catalogId, chartName, data, version);

  if (chartData.status === "error")
    return <ErrorPanel error={chartData.error} onRetry={chartData.retry} />;
  if (versionData.status === "error")
    return <ErrorPanel error={versionData.error} onRetry={versionData.retry} />;
  // Right after a version switch the previous answer is still there for one render: wait for the new one.
  if (
    !context ||
    !data ||
    !version ||
    versionData.status !== "success" ||
    versionData.data?.chart.version !== version
  ) {
    return <LauncherSkeleton />;
  }
  if (!data.versions.some((v) => v.version === version)) {
    return (
      <ErrorPanel
        error={
          new Error(`Chart "${chartName}" of catalog "${catalogId}" has no version "${version}"`)
        }
      />
    );
  }

  return (
    <>
      {vaultNotice && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="vault-not-prefilled">
          {t.vault.launcherNotPrefilled({ message: vaultNotice })}
        </Alert>
      )}
      {carried.linkError && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="link-error">
          {t.launcher.linkPatchError({ message: carried.linkError })}
        </Alert>
      )}
      <LauncherForm
        key={`${generation}|${version}`}
        catalogId={catalogId}
        chartName={chartName}
        chartData={data}
        versionData={versionData.data}
        version={version}
        context={context}
        groupNamespace={session.project?.group ? session.project.namespace : undefined}
        initialFriendlyName={carried.friendlyName ?? chartName}
        initialPatch={carried.patch}
        onVersionChange={(next, patch, friendlyName) =>
          setCarried((c) => ({ ...c, version: next, patch, friendlyName, linkError: undefined }))
        }
        onLinkChange={onLinkChange}
        passThrough={carried.passThrough}
        // DISABLE_AUTO_LAUNCH: the link only pre-fills the form.
        autoLaunch={
          decoded.link?.autoLaunch === true &&
          generation === 0 &&
          session.loggedIn &&
          !branding.disableAutoLaunch
        }
      />
    </>
  );
}
