import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Toolbar from "@mui/material/Toolbar";
import { lazy, Suspense, useState } from "react";
import { Link, Outlet, useLocation } from "react-router";
import type { Theme } from "@mui/material/styles";
import { branding } from "../config/branding.ts";
import { cssString } from "../config/documentHead.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { ErrorBoundary } from "./ErrorBoundary.tsx";
import { ErrorPanel } from "./ErrorPanel.tsx";
import { Footer } from "./Footer.tsx";
import { GlobalAlert } from "./GlobalAlert.tsx";
import { Header } from "./Header.tsx";
import { LeftBar, leftBarWidth } from "./LeftBar.tsx";
import { PageLoading } from "./PageLoading.tsx";
import { SessionProvider, useSession } from "./SessionProvider.tsx";
import { useCore, useStore } from "./CoreProvider.tsx";

const CommandBar = lazy(() =>
  import("./command-bar/CommandBar.tsx").then((m) => ({ default: m.CommandBar })),
);

/** Every page follows the selected project: a switch remounts the page, which reloads its data. */
function ProjectOutlet() {
  const { project, loggedIn } = useSession();
  const { commandBar } = useStore(useCore().preferences);
  return (
    <>
      {commandBar && loggedIn && (
        <Suspense fallback={null}>
          <CommandBar />
        </Suspense>
      )}
      <Suspense fallback={<PageLoading />} key={project?.id ?? "anonymous"}>
        <Outlet />
      </Suspense>
    </>
  );
}

const background = branding.backgroundAsset;
/** BACKGROUND_ASSET: the organisation's image behind the pages, in the theme's variant. */
const backgroundSx = background
  ? {
      backgroundImage: (theme: Theme) =>
        `url(${cssString(theme.palette.mode === "dark" ? background.dark : background.light)})`,
      backgroundRepeat: "no-repeat",
      backgroundPosition: "right bottom",
      backgroundAttachment: "fixed",
    }
  : {};

const MobileLeftBar = lazy(() => import("./MobileLeftBar.tsx"));

export function Layout() {
  const [mobileOpen, setMobileOpen] = useState(false);
  // Loaded the first time the menu button is pressed, then kept for its closing animation.
  const [mobileUsed, setMobileUsed] = useState(false);
  const { pathname } = useLocation();
  const { t } = useI18n();
  return (
    <SessionProvider>
      <Box sx={{ display: "flex", minHeight: "100vh" }}>
        <Header
          onOpenNavigation={() => {
            setMobileUsed(true);
            setMobileOpen(true);
          }}
        />
        <LeftBar />
        {mobileUsed && (
          <Suspense fallback={null}>
            <MobileLeftBar open={mobileOpen} onClose={() => setMobileOpen(false)} />
          </Suspense>
        )}
        <Box
          component="main"
          data-testid="main"
          sx={{
            flexGrow: 1,
            minWidth: 0,
            width: { md: `calc(100% - ${leftBarWidth}px)` },
            ...backgroundSx,
          }}
        >
          <Toolbar />
          <Box sx={{ p: { xs: 2, md: 4 }, maxWidth: 1400, mx: "auto" }}>
            <GlobalAlert />
            <ErrorBoundary
              resetKey={pathname}
              fallback={(error, reset) => (
                <>
                  <ErrorPanel error={error} onRetry={reset} />
                  <Button component={Link} to="/" sx={{ mt: 2 }}>
                    {t.errors.backHome}
                  </Button>
                </>
              )}
            >
              <ProjectOutlet />
            </ErrorBoundary>
            <Footer />
          </Box>
        </Box>
      </Box>
    </SessionProvider>
  );
}
