import FormControlLabel from "@mui/material/FormControlLabel";
import MenuItem from "@mui/material/MenuItem";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { Navigate, useNavigate, useParams } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { isLanguage, languageNames } from "../../i18n/languages.ts";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";
import { useCore, useStore } from "../../shell/CoreProvider.tsx";
import { k8sEndpoint, vaultEndpoint } from "./cliSnippets.ts";
import { KubernetesTab, VaultTab } from "./CliTokenTabs.tsx";
import { UserProfileSection } from "./ProfileForm.tsx";
import { GitTab, ServicePasswordField } from "./VaultSettings.tsx";

// Onyxia's tab ids (accountTabIds.ts); the CLI tabs exist only when the region offers them.
const allTabs = ["profile", "git", "k8sCodeSnippets", "vault", "user-interface"] as const;
type AccountTab = (typeof allTabs)[number];

function isAccountTab(value: string | undefined, tabs: readonly AccountTab[]): value is AccountTab {
  return (tabs as readonly (string | undefined)[]).includes(value);
}

export default function AccountPage() {
  const { t, lang, setLang, availableLanguages } = useI18n();
  const { mode, toggle, canToggle } = useThemeMode();
  const { userInfo, projects, project, configuration, region } = useSession();
  const regionConfig = configuration.regions?.find((r) => r.id === region);
  const k8s = k8sEndpoint(regionConfig);
  const vault = vaultEndpoint(regionConfig);
  const tabs = allTabs.filter(
    (id) => (id !== "k8sCodeSnippets" || k8s) && (id !== "vault" || vault),
  );
  const core = useCore();
  const preferences = useStore(core.preferences);
  const setPreferences = core.preferences.set;
  const { tab } = useParams();
  const navigate = useNavigate();
  if (tab === undefined) return <Navigate to="/account/profile" replace />;
  if (!isAccountTab(tab, tabs)) return <Navigate to="/404" replace />;

  return (
    <>
      <Typography variant="h2" gutterBottom>
        {t.account.title}
      </Typography>
      <Tabs
        value={tab}
        onChange={(_, next: AccountTab) => navigate(`/account/${next}`)}
        sx={{ mb: 3 }}
      >
        {tabs.map((id) => (
          <Tab key={id} value={id} label={t.account.tabs[id]} />
        ))}
      </Tabs>
      {/* Command lines are long: the CLI tabs get more room before scrolling sideways. */}
      <Paper
        variant="outlined"
        sx={{ p: 3, maxWidth: tab === "k8sCodeSnippets" || tab === "vault" ? 960 : 560 }}
      >
        {tab === "profile" &&
          (userInfo ? (
            <Stack spacing={2}>
              <TextField
                label={t.account.username}
                value={userInfo.idep ?? ""}
                slotProps={{ input: { readOnly: true } }}
              />
              <TextField
                label={t.account.email}
                value={userInfo.email ?? ""}
                slotProps={{ input: { readOnly: true } }}
              />
              {userInfo.nomComplet && (
                <TextField
                  label={t.account.fullName}
                  value={userInfo.nomComplet}
                  slotProps={{ input: { readOnly: true } }}
                />
              )}
              <TextField
                label={t.account.projects}
                value={projects.map((p) => p.name ?? p.id).join(", ")}
                slotProps={{
                  input: { readOnly: true },
                  htmlInput: { "data-testid": "account-projects" },
                }}
              />
              {project && <ServicePasswordField project={project} />}
              <UserProfileSection />
            </Stack>
          ) : (
            <Typography color="text.secondary">{t.account.anonymous}</Typography>
          ))}
        {tab === "git" && <GitTab />}
        {tab === "k8sCodeSnippets" && k8s && (
          <KubernetesTab
            endpoint={k8s}
            username={userInfo?.idep ?? "default"}
            namespace={project?.namespace ?? project?.id ?? "default"}
          />
        )}
        {tab === "vault" && vault && <VaultTab project={project} />}
        {tab === "user-interface" && (
          <Stack spacing={2}>
            <FormControlLabel
              control={
                <Switch
                  checked={preferences.commandBar}
                  onChange={(e) => setPreferences({ commandBar: e.target.checked })}
                  slotProps={{ input: { "data-testid": "command-bar-pref" } as object }}
                />
              }
              label={t.account.commandBar}
            />
            <FormControlLabel
              control={<Switch checked={mode === "dark"} onChange={toggle} disabled={!canToggle} />}
              label={t.account.darkMode}
            />
            <TextField
              select
              label={t.account.language}
              value={lang}
              onChange={(event) => isLanguage(event.target.value) && setLang(event.target.value)}
            >
              {availableLanguages.map((l) => (
                <MenuItem key={l} value={l} lang={l}>
                  {languageNames[l]}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        )}
      </Paper>
    </>
  );
}
