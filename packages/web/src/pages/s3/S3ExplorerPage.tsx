// The S3 explorer at Onyxia's route /s3/<bucket>/<key…>?profile=<name>: the profile selector,
// the bookmarks bar, and either a folder (ExplorerView) or, without a bucket, the profile panel
// (endpoint, credentials, init snippets). Renders and dispatches: the logic is in core/usecases/s3.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useEffect, useMemo, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useS3Profiles, useS3UserData } from "../../shell/useS3.ts";
import { BookmarksBar } from "./BookmarksBar.tsx";
import { ExplorerView } from "./ExplorerView.tsx";
import { NewProfileDialog } from "./NewProfileDialog.tsx";
import { ProfilePanel } from "./ProfilePanel.tsx";
import { S3ErrorAlert } from "./S3ErrorAlert.tsx";

/** `bucket/prefix` from the route's path, each segment decoded. */
export function pathFromRoute(pathname: string): { bucket: string; prefix: string } {
  const rest = pathname.replace(/^\/s3\/?/, "");
  const segments = rest.split("/").map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const [bucket = "", ...keyParts] = segments;
  return { bucket, prefix: keyParts.join("/") };
}

function routeOf(s3UriWithoutScheme: string, profileName: string | undefined): string {
  const path = s3UriWithoutScheme.split("/").map(encodeURIComponent).join("/");
  return `/s3/${path}${profileName ? `?profile=${encodeURIComponent(profileName)}` : ""}`;
}

export default function S3ExplorerRoute() {
  const { t } = useI18n();
  const session = useSession();
  if (!session.loggedIn)
    return (
      <Alert
        severity="info"
        action={
          session.canLogin ? (
            <Button variant="contained" onClick={session.login}>
              {t.shell.login}
            </Button>
          ) : undefined
        }
      >
        {t.s3.loginRequired}
      </Alert>
    );
  return <S3ExplorerPage />;
}

function S3ExplorerPage() {
  const { t } = useI18n();
  const { s3 } = useCore();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const profiles = useS3Profiles();
  const { data: userData, store: userStore } = useS3UserData();
  const [showProfile, setShowProfile] = useState(false);
  const [newProfile, setNewProfile] = useState(false);
  const view = profiles.status === "success" ? profiles.data : undefined;
  const profileName = params.get("profile") ?? view?.defaultProfileName;
  const session = view?.sessions.find((s) => s.profile.profileName === profileName);
  const explorer = useMemo(() => session && s3.explorer(session), [s3, session]);
  useEffect(() => () => explorer?.dispose(), [explorer]);
  const { bucket, prefix } = pathFromRoute(pathname);
  const go = (target: string) => void navigate(routeOf(target, profileName));

  if (profiles.status === "loading")
    return <Skeleton variant="rounded" height={240} data-testid="s3-loading" />;
  if (profiles.status === "error")
    return <S3ErrorAlert error={profiles.error} onRetry={profiles.retry} />;
  const data = profiles.data;
  const reservedNames = data.sessions
    .filter((s) => s.profile.origin === "region")
    .map((s) => s.profile.profileName);
  const firstEndpoint = data.sessions[0]?.profile;
  const newProfileDialog = newProfile && (
    <NewProfileDialog
      reservedNames={reservedNames}
      defaults={{ url: firstEndpoint?.url ?? "", region: firstEndpoint?.region ?? "us-east-1" }}
      durable={userData.durable}
      onSave={async (p) => {
        await userStore.saveProfile(p);
        void navigate(routeOf("", p.profileName));
      }}
      onClose={() => setNewProfile(false)}
    />
  );

  return (
    <>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        {t.s3.title}
      </Typography>
      {data.warnings.map((w) => (
        <Alert key={w} severity="warning" sx={{ mb: 1 }}>
          {w}
        </Alert>
      ))}
      {userData.bookmarksError && (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="s3-bookmarks-error">
          {userData.bookmarksError}
        </Alert>
      )}
      <Stack
        direction="row"
        spacing={1}
        sx={{ mb: 2, alignItems: "center", flexWrap: "wrap", rowGap: 1 }}
      >
        {data.sessions.length > 0 && (
          <TextField
            select
            size="small"
            label={t.s3.profile}
            value={session ? profileName : ""}
            onChange={(e) => void navigate(routeOf("", e.target.value))}
            sx={{ minWidth: 220 }}
            slotProps={{ htmlInput: { "data-testid": "s3-profile-select" } }}
          >
            {data.sessions.map((s) => (
              <MenuItem key={s.profile.profileName} value={s.profile.profileName}>
                {s.profile.profileName}
              </MenuItem>
            ))}
          </TextField>
        )}
        {session && bucket && (
          <Button
            size="small"
            onClick={() => setShowProfile((v) => !v)}
            data-testid="s3-show-profile"
          >
            {showProfile ? t.s3.hideProfile : t.s3.showProfile}
          </Button>
        )}
        <Button size="small" onClick={() => setNewProfile(true)}>
          {t.s3.profileNew}
        </Button>
      </Stack>
      {newProfileDialog}
      {data.sessions.length === 0 ? (
        <Alert severity="info" data-testid="s3-none">
          {t.s3.noProfile}
        </Alert>
      ) : !session || !explorer ? (
        <Alert severity="error">{t.s3.unknownProfile({ name: profileName ?? "" })}</Alert>
      ) : (
        <>
          <BookmarksBar
            bookmarks={s3.bookmarks(session, userData)}
            current={bucket ? `${bucket}/${prefix}` : undefined}
            profileName={session.profile.profileName}
            store={userStore}
            onOpen={go}
          />
          {(!bucket || showProfile) && <ProfilePanel session={session} userStore={userStore} />}
          {bucket ? (
            <ExplorerView explorer={explorer} bucket={bucket} prefix={prefix} go={go} />
          ) : (
            <Alert severity="info">{t.s3.pickBookmark}</Alert>
          )}
        </>
      )}
    </>
  );
}
