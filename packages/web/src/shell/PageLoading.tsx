import Box from "@mui/material/Box";
import LinearProgress from "@mui/material/LinearProgress";
import { useTheme } from "@mui/material/styles";
import { branding } from "../config/branding.ts";

/** Shown while a lazily loaded page's code arrives: SPLASHSCREEN_LOGO (scaled) above the bar. */
export function PageLoading() {
  const mode = useTheme().palette.mode;
  const logo = branding.splashscreenLogo?.[mode];
  return (
    <Box sx={{ py: 2, textAlign: "center" }}>
      {logo && (
        <img
          src={logo}
          alt=""
          data-testid="splash-logo"
          style={{ height: 64 * branding.splashscreenLogoScaleFactor, marginBottom: 16 }}
        />
      )}
      <LinearProgress aria-label="loading" />
    </Box>
  );
}
