// The account's declarative profile form (reference §9): generated from GET /profile/schema with
// the launcher's form engine, saved with the user configs (`userProfileStr`, in Vault when the
// region has one), injected into launches as `user.profile.*`.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Divider from "@mui/material/Divider";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { JSONSchema, UserLang, UserProfile } from "@onyxia-ts/core";
import { useState } from "react";
import { ValuesFormView } from "../../components/launcher-form/ValuesFormView.tsx";
import { launchContext } from "../../core/usecases/launcher/contextInput.ts";
import { createProfileForm } from "../../core/usecases/user-profile/profileForm.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore, useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";

export function UserProfileSection() {
  const { userProfile } = useCore();
  const state = useStore(userProfile);
  const { userInfo } = useSession();
  if (state.status === "error")
    return (
      <ErrorPanel
        error={state.error}
        onRetry={() => userInfo?.idep && void userProfile.load(userInfo.idep)}
      />
    );
  if (state.status !== "ready")
    return <Skeleton variant="rounded" height={120} data-testid="profile-form-loading" />;
  // No profile schema configured on the server: no form, as in Onyxia.
  if (state.schema === undefined) return null;
  return (
    <ProfileFormView
      key={JSON.stringify(state.schema)}
      schema={state.schema}
      profile={state.profile}
      problem={state.problem}
    />
  );
}

function ProfileFormView(props: {
  schema: JSONSchema;
  profile: UserProfile | undefined;
  problem: string | undefined;
}) {
  const { lang } = useI18n();
  const { mode } = useThemeMode();
  const core = useCore();
  const session = useSession();
  const [built] = useState(() => {
    try {
      const context = launchContext(core.featureDeps.sessionStorage, {
        userInfo: session.userInfo,
        project: session.project,
        region: session.configuration.regions?.[0],
        lang: lang as UserLang,
        darkMode: mode === "dark",
      });
      return {
        form: createProfileForm({
          schema: props.schema,
          profile: props.profile,
          context,
          save: core.userProfile.save,
        }),
      };
    } catch (error) {
      return { error };
    }
  });
  if ("error" in built) return <ErrorPanel error={built.error} />;
  return <ProfileFormBody form={built.form} problem={props.problem} />;
}

function ProfileFormBody({
  form,
  problem,
}: {
  form: ReturnType<typeof createProfileForm>;
  problem: string | undefined;
}) {
  const { t } = useI18n();
  const { userSettings } = useCore();
  const state = useStore(form);
  const { errors } = useStore(form.values);
  return (
    <Stack spacing={2} data-testid="profile-form">
      <Divider />
      <Typography variant="h6">{t.account.profileTitle}</Typography>
      <Typography variant="body2" color="text.secondary">
        {t.account.profileIntro}
      </Typography>
      {problem && (
        <Alert severity="warning" data-testid="profile-reset">
          {t.account.profileReset({ problem })}
        </Alert>
      )}
      {!userSettings.durable() && <Alert severity="info">{t.account.gitStoredLocally}</Alert>}
      <ValuesFormView form={form.values} actions={form.actions} yaml={false} />
      <Stack direction="row" spacing={1} alignItems="center">
        <Button
          variant="contained"
          data-testid="profile-save"
          disabled={!state.dirty || state.saving || errors.all.length > 0}
          onClick={() => void form.save()}
        >
          {t.account.profileSave}
        </Button>
        <Button disabled={!state.dirty || state.saving} onClick={form.restore}>
          {t.account.profileRestore}
        </Button>
        {state.saved && !state.dirty && (
          <Typography color="success.main" data-testid="profile-saved">
            {t.account.profileSaved}
          </Typography>
        )}
      </Stack>
      {state.saveError !== undefined && <ErrorPanel error={state.saveError} />}
    </Stack>
  );
}
