import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import { decodeLauncherLink, type UserLang, type ValuesDiffEntry } from "@onyxia-ts/core";
import { useCallback, useMemo, useRef, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { branding } from "../../config/branding.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";
import type { VersionData } from "../../core/usecases/launcher/chartData.ts";
import { autoLaunchMode } from "../../core/usecases/launcher/launcherLogic.ts";
import { createLauncherUseCase } from "../../core/usecases/launcher/launcherUseCase.ts";
import { useCore, useFeature } from "../../shell/CoreProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { LauncherForm } from "./LauncherForm.tsx";
import { S3ProfileSelect } from "./S3ProfileSelect.tsx";
import { useLaunchS3 } from "./useLaunchS3.ts";

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
  /** Still the link as opened: no version switch since (autoLaunch applies to it only). */
  asOpened: boolean;
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
  const launcher = useFeature(createLauncherUseCase);
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
    asOpened: true,
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

  const launchS3 = useLaunchS3(carried.passThrough.s3);
  const s3 = launchS3.status === "success" ? launchS3.data.s3 : undefined;
  // Vault token, service password and git identity from Vault (Onyxia's .onyxia settings); a
  // Vault that cannot be reached leaves them out and says so, the launch still works.
  const { userSettings, userProfile } = useCore();
  // The declarative profile (user.profile.*) must be there before the defaults are computed.
  const idep = session.userInfo?.idep;
  const profileLoad = useAsync(
    () => (idep && session.loggedIn ? userProfile.load(idep) : Promise.resolve()),
    [idep, session.loggedIn],
  );
  const vaultPart = useAsync(
    () =>
      session.project && session.loggedIn
        ? userSettings.launchPart(session.project)
        : Promise.resolve(undefined),
    [session],
  );

  // One context per page visit: its random subdomain and one-time password stay stable while editing.
  const launch = useMemo(
    () =>
      launchS3.status !== "success" ||
      vaultPart.status === "loading" ||
      profileLoad.status === "loading"
        ? undefined
        : launcher.context({
            userInfo: session.userInfo,
            project: session.project,
            region: session.configuration.regions?.[0],
            lang: lang as UserLang,
            darkMode: mode === "dark",
            ...(s3 ? { s3 } : {}),
            vault: vaultPart.status === "success" ? vaultPart.data : undefined,
          }),
    // The context is fixed for the visit; a language or theme switch applies to the next one.
    [session, launchS3.status, s3, vaultPart.status, profileLoad.status],
  );
  const vaultNotice =
    vaultPart.status === "error"
      ? vaultPart.error instanceof Error
        ? vaultPart.error.message
        : String(vaultPart.error)
      : vaultPart.status === "success"
        ? vaultPart.data?.notice
        : undefined;

  const loggedIn = session.loggedIn;
  const projectId = session.project?.id;
  const chartData = useAsync(
    (signal) => launcher.loadChartData({ catalogId, chartName, loggedIn, projectId }, signal),
    [catalogId, chartName, loggedIn, projectId],
  );
  const data = chartData.status === "success" ? chartData.data : undefined;
  const version = carried.version ?? data?.defaultVersion;
  const versionData = useAsync(
    (signal): Promise<VersionData | undefined> =>
      data && version
        ? launcher.loadVersionData({ catalogId, chartName, data, version }, signal)
        : Promise.resolve(undefined),
    [catalogId, chartName, data, version],
  );

  if (chartData.status === "error")
    return <ErrorPanel error={chartData.error} onRetry={chartData.retry} />;
  if (versionData.status === "error")
    return <ErrorPanel error={versionData.error} onRetry={versionData.retry} />;
  if (launchS3.status === "error")
    return <ErrorPanel error={launchS3.error} onRetry={launchS3.retry} />;
  // Right after a version switch the previous answer is still there for one render: wait for the new one.
  if (
    !launch ||
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
      {(launchS3.status === "success" ? launchS3.data.warnings : []).map((warning) => (
        <Alert severity="warning" sx={{ mb: 2 }} key={warning} data-testid="s3-warning">
          {warning}
        </Alert>
      ))}
      {carried.linkError && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="link-error">
          {t.launcher.linkPatchError({ message: carried.linkError })}
        </Alert>
      )}
      <LauncherForm
        key={`${generation}|${version}`}
        {...(s3
          ? {
              s3Section: (
                <S3ProfileSelect
                  profiles={s3.profiles.map((p) => p.profileName)}
                  selected={
                    s3.selectedProfileName ??
                    s3.profiles.find((p) => p.isDefault)?.profileName ??
                    ""
                  }
                  onSelect={(name) => {
                    const url = new URL(window.location.href);
                    url.searchParams.set("s3", name);
                    void navigate(url.pathname + url.search, { replace: true });
                  }}
                />
              ),
            }
          : {})}
        input={{
          catalogId,
          chartName,
          chartData: data,
          versionData: versionData.data,
          version,
          // A version named by the link (or picked by the user) stays in the address bar.
          versionPinned: carried.version !== undefined,
          context: launch.context,
          autocompleteContext: launch.autocompleteContext,
          groupNamespace: session.project?.group ? session.project.namespace : undefined,
          initialFriendlyName: carried.friendlyName ?? chartName,
          initialPatch: carried.patch,
          passThrough: carried.passThrough,
        }}
        onVersionChange={(next, patch, friendlyName) =>
          setCarried((c) => ({
            ...c,
            version: next,
            patch,
            friendlyName,
            linkError: undefined,
            asOpened: false,
          }))
        }
        onLinkChange={onLinkChange}
        autoLaunch={autoLaunchMode({
          linkAutoLaunch: decoded.link?.autoLaunch === true,
          disableAutoLaunch: branding.disableAutoLaunch,
          loggedIn: session.loggedIn,
          asOpened: generation === 0 && carried.asOpened,
        })}
      />
    </>
  );
}
