import DarkModeIcon from "@mui/icons-material/DarkModeOutlined";
import LightModeIcon from "@mui/icons-material/LightModeOutlined";
import MenuIcon from "@mui/icons-material/Menu";
import AppBar from "@mui/material/AppBar";
import Box from "@mui/material/Box";
import IconButton from "@mui/material/IconButton";
import NativeSelect from "@mui/material/NativeSelect";
import Toolbar from "@mui/material/Toolbar";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { branding } from "../config/branding.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { isLanguage, languageNames } from "../i18n/languages.ts";
import { useThemeMode } from "../theme/ThemeModeProvider.tsx";
import { CustomLink } from "./CustomLink.tsx";
import { EventsBell } from "./EventsBell.tsx";
import { useSession } from "./SessionProvider.tsx";
import Button from "@mui/material/Button";

export function Header({ onOpenNavigation }: { onOpenNavigation: () => void }) {
  const { t, lang, setLang, availableLanguages } = useI18n();
  const { mode, toggle, canToggle } = useThemeMode();
  const session = useSession();
  return (
    <AppBar
      position="fixed"
      sx={{ borderBottom: 1, borderColor: "divider", zIndex: (theme) => theme.zIndex.drawer + 1 }}
    >
      <Toolbar sx={{ gap: 1 }}>
        <IconButton
          edge="start"
          aria-label={t.shell.openNavigation}
          onClick={onOpenNavigation}
          sx={{ display: { md: "none" } }}
        >
          <MenuIcon />
        </IconButton>
        <Box
          component={Link}
          to="/"
          sx={{
            display: "flex",
            alignItems: "center",
            gap: 1,
            color: "inherit",
            textDecoration: "none",
          }}
        >
          {branding.headerLogo ? (
            // HEADER_LOGO: an image the admin serves; alt is empty, the brand text follows.
            <Box
              component="img"
              src={branding.headerLogo[mode]}
              alt=""
              sx={{ height: 32, maxWidth: 160 }}
              data-testid="header-logo"
            />
          ) : (
            <Box
              aria-hidden
              sx={{
                width: 28,
                height: 28,
                borderRadius: 1.5,
                bgcolor: "primary.main",
                display: "grid",
                placeItems: "center",
              }}
            >
              <Box
                sx={{ width: 12, height: 12, borderRadius: "50%", bgcolor: "primary.contrastText" }}
              />
            </Box>
          )}
          {!branding.headerHideOnyxia && (
            // As Onyxia's header, unless HEADER_HIDE_ONYXIA=true.
            <Typography
              variant="h6"
              component="span"
              data-testid="brand-onyxia"
              sx={{ fontWeight: 500, display: { xs: "none", sm: "inline" } }}
            >
              Onyxia
              <Box component="span" sx={{ mx: 0.75, color: "text.secondary" }}>
                -
              </Box>
            </Typography>
          )}
          <Typography variant="h6" component="span" data-testid="brand" sx={{ fontWeight: 500 }}>
            {branding.headerTextBold && (
              <Box component="b" sx={{ fontWeight: 700, mr: 0.75 }}>
                {branding.headerTextBold}
              </Box>
            )}
            <Box component="span" sx={{ color: "primary.main", fontWeight: 700 }}>
              {branding.headerTextFocus}
            </Box>
          </Typography>
        </Box>
        <Box sx={{ flexGrow: 1 }} />
        {branding.headerLinks.map((link, i) => (
          <CustomLink key={i} link={link} sx={{ display: { xs: "none", sm: "inline" }, mx: 1 }} />
        ))}
        {session.projects.length > 1 && (
          // Shown when the user has groups: every page follows the selected project.
          <NativeSelect
            disableUnderline
            value={session.project?.id ?? ""}
            inputProps={
              { "aria-label": t.shell.project, "data-testid": "project-select" } as object
            }
            onChange={(event) => session.setProject(event.target.value)}
          >
            {session.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name ?? p.id}
              </option>
            ))}
          </NativeSelect>
        )}
        {availableLanguages.length > 1 && (
          // A native select keeps MUI's Menu/Popover machinery out of the initial bundle.
          <NativeSelect
            disableUnderline
            value={lang}
            inputProps={
              { "aria-label": t.shell.language, "data-testid": "language-select" } as object
            }
            onChange={(event) => isLanguage(event.target.value) && setLang(event.target.value)}
          >
            {availableLanguages.map((l) => (
              <option key={l} value={l} lang={l}>
                {languageNames[l]}
              </option>
            ))}
          </NativeSelect>
        )}
        {session.loggedIn && <EventsBell />}
        {canToggle && (
          // A native title instead of an MUI Tooltip keeps Popper out of the initial bundle.
          <IconButton
            onClick={toggle}
            aria-label={t.shell.toggleTheme}
            title={t.shell.toggleTheme}
            data-testid="theme-toggle"
          >
            {mode === "dark" ? <LightModeIcon /> : <DarkModeIcon />}
          </IconButton>
        )}
        {session.canLogin &&
          (session.loggedIn ? (
            <Button color="inherit" onClick={session.logout} data-testid="logout">
              {t.shell.logout}
            </Button>
          ) : (
            <Button variant="contained" onClick={session.login} data-testid="login">
              {t.shell.login}
            </Button>
          ))}
      </Toolbar>
    </AppBar>
  );
}
