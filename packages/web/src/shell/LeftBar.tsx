import AccountIcon from "@mui/icons-material/AccountCircleOutlined";
import CatalogIcon from "@mui/icons-material/AppsOutlined";
import HomeIcon from "@mui/icons-material/HomeOutlined";
import ServicesIcon from "@mui/icons-material/RocketLaunchOutlined";
import Drawer from "@mui/material/Drawer";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import Toolbar from "@mui/material/Toolbar";
import type { ReactNode } from "react";
import { NavLink, useLocation } from "react-router";
import { useI18n } from "../i18n/I18nProvider.tsx";

export const leftBarWidth = 220;

interface Entry {
  to: string;
  label: string;
  icon: ReactNode;
  /** Path prefixes that make the entry look selected. */
  activeFor: string[];
}

function NavigationList({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const entries: Entry[] = [
    { to: "/home", label: t.shell.home, icon: <HomeIcon />, activeFor: ["/home", "/accueil"] },
    { to: "/catalog", label: t.shell.catalog, icon: <CatalogIcon />, activeFor: ["/catalog", "/launcher"] },
    { to: "/my-services", label: t.shell.myServices, icon: <ServicesIcon />, activeFor: ["/my-service"] },
    { to: "/account", label: t.shell.account, icon: <AccountIcon />, activeFor: ["/account"] },
  ];
  return (
    <List component="nav" sx={{ px: 1 }}>
      {entries.map((entry) => {
        const selected = entry.activeFor.some((p) => pathname.startsWith(p)) || (pathname === "/" && entry.to === "/home");
        return (
          <ListItemButton
            key={entry.to}
            component={NavLink}
            to={entry.to}
            selected={selected}
            onClick={onNavigate}
            sx={{ borderRadius: 2, mb: 0.5, "&.Mui-selected": { color: "primary.main" } }}
          >
            <ListItemIcon sx={{ color: "inherit", minWidth: 40 }}>{entry.icon}</ListItemIcon>
            <ListItemText primary={entry.label} />
          </ListItemButton>
        );
      })}
    </List>
  );
}

export function LeftBar({ mobileOpen, onClose }: { mobileOpen: boolean; onClose: () => void }) {
  const paper = { width: leftBarWidth, boxSizing: "border-box" as const, borderRight: 1, borderColor: "divider" };
  return (
    <>
      <Drawer variant="permanent" sx={{ display: { xs: "none", md: "block" }, width: leftBarWidth, "& .MuiDrawer-paper": paper }}>
        <Toolbar />
        <NavigationList />
      </Drawer>
      <Drawer
        variant="temporary"
        open={mobileOpen}
        onClose={onClose}
        ModalProps={{ keepMounted: true }}
        sx={{ display: { md: "none" }, "& .MuiDrawer-paper": paper }}
      >
        <Toolbar />
        <NavigationList onNavigate={onClose} />
      </Drawer>
    </>
  );
}
