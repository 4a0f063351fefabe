import Alert from "@mui/material/Alert";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import { createXOnyxiaContext, decodeLauncherLink, type UserLang, type ValuesDiffEntry } from "@onyxia-ts/core";
import { useMemo, useState } from "react";
import { useLocation, useParams } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";
import { buildContextInput, sessionProjectPassword } from "./buildContextInput.ts";
import { LauncherForm } from "./LauncherForm.tsx";
import { useChartData, useVersionData } from "./useLauncherData.ts";

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
}

export default function LauncherPage() {
  const { t, lang } = useI18n();
  const { mode } = useThemeMode();
  const session = useSession();
  const { catalogId = "", chartName = "" } = useParams();
  const { pathname, search } = useLocation();

  // The link is read whenever the URL changes (this page does not rewrite its own URL).
  const decoded = useMemo(() => {
    try {
      return { link: decodeLauncherLink(pathname, search), error: undefined };
    } catch (error) {
      return { link: undefined, error: error instanceof Error ? error.message : String(error) };
    }
  }, [pathname, search]);

  const [carried, setCarried] = useState<Carried>(() => ({
    version: decoded.link?.version,
    patch: decoded.link?.helmValuesPatch ?? [],
    friendlyName: decoded.link?.friendlyName,
  }));
  const [linkKey, setLinkKey] = useState(search);
  if (linkKey !== search) {
    // A new link was opened in this tab: start over from it.
    setLinkKey(search);
    setCarried({ version: decoded.link?.version, patch: decoded.link?.helmValuesPatch ?? [], friendlyName: decoded.link?.friendlyName });
  }

  // One context per page visit: its random subdomain and one-time password stay stable while editing.
  const context = useMemo(() => {
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
        projectPassword: sessionProjectPassword(projectId, random),
      }),
    );
    // The context is fixed for the visit; a language or theme switch applies to the next one.
  }, [session]);

  const chartData = useChartData(catalogId, chartName, session.loggedIn, session.project?.id);
  const data = chartData.status === "success" ? chartData.data : undefined;
  const version = carried.version ?? data?.defaultVersion;
  const versionData = useVersionData(catalogId, chartName, data, version);

  if (chartData.status === "error") return <ErrorPanel error={chartData.error} onRetry={chartData.retry} />;
  if (versionData.status === "error") return <ErrorPanel error={versionData.error} onRetry={versionData.retry} />;
  // Right after a version switch the previous answer is still there for one render: wait for the new one.
  if (!data || !version || versionData.status !== "success" || versionData.data?.chart.version !== version) {
    return <LauncherSkeleton />;
  }
  if (!data.versions.some((v) => v.version === version)) {
    return <ErrorPanel error={new Error(`Chart "${chartName}" of catalog "${catalogId}" has no version "${version}"`)} />;
  }

  return (
    <>
      {decoded.error && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t.launcher.linkPatchError({ message: decoded.error })}
        </Alert>
      )}
      <LauncherForm
        key={`${linkKey}|${version}`}
        catalogId={catalogId}
        chartName={chartName}
        chartData={data}
        versionData={versionData.data}
        version={version}
        context={context}
        groupNamespace={session.project?.group ? session.project.namespace : undefined}
        initialFriendlyName={carried.friendlyName ?? chartName}
        initialPatch={carried.patch}
        onVersionChange={(next, patch, friendlyName) => setCarried({ version: next, patch, friendlyName })}
      />
    </>
  );
}
