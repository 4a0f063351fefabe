import AccountIcon from "@mui/icons-material/AccountCircleOutlined";
import CatalogIcon from "@mui/icons-material/AppsOutlined";
import LinkIcon from "@mui/icons-material/Link";
import HomeIcon from "@mui/icons-material/HomeOutlined";
import FilesIcon from "@mui/icons-material/FolderOpenOutlined";
import ServicesIcon from "@mui/icons-material/RocketLaunchOutlined";
import SecretsIcon from "@mui/icons-material/KeyOutlined";
import AdminIcon from "@mui/icons-material/AdminPanelSettingsOutlined";
import Box from "@mui/material/Box";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Toolbar from "@mui/material/Toolbar";
import type { Theme } from "@mui/material/styles";
import type { ReactNode } from "react";
import { NavLink, useLocation } from "react-router";
import { branding } from "../config/branding.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { iconImageUrl, linkTarget, type WebLink } from "../config/webEnv.ts";
import { localize } from "../i18n/localizedString.ts";
import { useHasS3 } from "./useS3.ts";
import { useCore } from "./CoreProvider.tsx";
import { useSession } from "./SessionProvider.tsx";

export const leftBarWidth = 220;

// On the primary-tinted selected background, dark mode's main primary lacks contrast (axe).
const selectedColor = (theme: Theme) =>
  theme.palette.mode === "dark" ? theme.palette.primary.light : theme.palette.primary.main;

interface Entry {
  to: string;
  label: string;
  icon: ReactNode;
  /** Path prefixes that make the entry look selected. */
  activeFor: string[];
}

export function NavigationList({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const hasS3 = useHasS3();
  // Onyxia's secrets explorer exists only when the region has a Vault (re-read when the session loads).
  const session = useSession();
  // The admin view's link, for the users /user/info says are admins (the server checks each call).
  const isAdmin = session.userInfo?.["admin"] === true;
  const hasVault = useCore().secrets.enabled();
  const entries: Entry[] = [
    { to: "/home", label: t.shell.home, icon: <HomeIcon />, activeFor: ["/home", "/accueil"] },
    {
      to: "/catalog",
      label: t.shell.catalog,
      icon: <CatalogIcon />,
      activeFor: ["/catalog", "/launcher"],
    },
    {
      to: "/my-services",
      label: t.shell.myServices,
      icon: <ServicesIcon />,
      activeFor: ["/my-service"],
    },
    // Shown when the region has S3 (Onyxia's "My files").
    ...(hasS3
      ? [{ to: "/s3", label: t.shell.myFiles, icon: <FilesIcon />, activeFor: ["/s3"] }]
      : []),
    ...(hasVault
      ? [
          {
            to: "/my-secrets",
            label: t.vault.navLabel,
            icon: <SecretsIcon />,
            activeFor: ["/my-secrets"],
          },
        ]
      : []),
    { to: "/account", label: t.shell.account, icon: <AccountIcon />, activeFor: ["/account"] },
    ...(isAdmin
      ? [{ to: "/admin", label: t.admin.navLabel, icon: <AdminIcon />, activeFor: ["/admin"] }]
      : []),
  ];
  return (
    <List component="nav" sx={{ px: 1 }}>
      {entries.map((entry) => {
        const selected =
          entry.activeFor.some((p) => pathname.startsWith(p)) ||
          (pathname === "/" && entry.to === "/home");
        return (
          <ListItemButton
            key={entry.to}
            component={NavLink}
            to={entry.to}
            selected={selected}
            onClick={onNavigate}
            sx={{ borderRadius: 2, mb: 0.5, "&.Mui-selected": { color: selectedColor } }}
          >
            <ListItemIcon sx={{ color: "inherit", minWidth: 40 }}>{entry.icon}</ListItemIcon>
            <ListItemText primary={entry.label} />
          </ListItemButton>
        );
      })}
      {branding.leftbarLinks.map((link, i) => (
        <LeftBarCustomLink key={`custom-${i}`} link={link} onNavigate={onNavigate} />
      ))}
    </List>
  );
}

/** LEFTBAR_LINKS: the whole row is the link (an in-app route, or a new tab). */
function LeftBarCustomLink({ link, onNavigate }: { link: WebLink; onNavigate?: () => void }) {
  const { lang } = useI18n();
  const target = linkTarget(localize(link.url, lang));
  if (!target) return null;
  const icon = iconImageUrl(link.icon);
  const as =
    "internal" in target
      ? { component: NavLink, to: target.internal }
      : { component: "a", href: target.external, target: "_blank", rel: "noreferrer noopener" };
  return (
    <ListItemButton
      {...as}
      onClick={onNavigate}
      sx={{ borderRadius: 2, mb: 0.5 }}
      data-testid="leftbar-custom-link"
    >
      <ListItemIcon sx={{ color: "inherit", minWidth: 40 }}>
        {icon ? <img src={icon} alt="" width={24} height={24} /> : <LinkIcon />}
      </ListItemIcon>
      <ListItemText primary={localize(link.label, lang)} />
    </ListItemButton>
  );
}

export const leftBarPaperSx = {
  width: leftBarWidth,
  boxSizing: "border-box" as const,
  borderRight: 1,
  borderColor: "divider",
};

/** The permanent bar on md+ screens; small screens get MobileLeftBar, loaded on first open. */
export function LeftBar() {
  // A plain fixed panel, not a permanent Drawer: Drawer always imports MUI's Modal.
  return (
    <Box sx={{ display: { xs: "none", md: "block" }, width: leftBarWidth, flexShrink: 0 }}>
      <Box
        sx={{
          ...leftBarPaperSx,
          position: "fixed",
          top: 0,
          bottom: 0,
          left: 0,
          bgcolor: "background.paper",
          overflowY: "auto",
        }}
      >
        <Toolbar />
        <NavigationList />
      </Box>
    </Box>
  );
}
