import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { branding, brandName } from "../../config/branding.ts";
import { iconImageUrl, linkTarget, withFirstName, type HomeButton } from "../../config/webEnv.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { localize, type LocalizedString } from "../../i18n/localizedString.ts";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";
import { HomeCards } from "./HomeCards.tsx";

/** HOMEPAGE_CALL_TO_ACTION_BUTTON(_AUTHENTICATED): in-app paths route, others open a new tab. */
function CallToAction({ button }: { button: HomeButton }) {
  const { lang } = useI18n();
  const target = linkTarget(localize(button.url, lang));
  if (!target) return null;
  const icon = iconImageUrl(button.startIcon);
  const common = {
    variant: "contained" as const,
    size: "large" as const,
    "data-testid": "home-call-to-action",
    ...(icon ? { startIcon: <img src={icon} alt="" width={20} height={20} /> } : {}),
  };
  const label = localize(button.label, lang);
  return "internal" in target ? (
    <Button {...common} component={Link} to={target.internal}>
      {label}
    </Button>
  ) : (
    <Button {...common} href={target.external} target="_blank" rel="noreferrer noopener">
      {label}
    </Button>
  );
}

/**
 * The home page (reference §10): HOMEPAGE_HERO_TEXT / _BELOW_HERO_TEXT (their _AUTHENTICATED
 * variants for a signed-in user, `%USER_FIRSTNAME%` replaced), HOMEPAGE_LOGO, HOMEPAGE_MAIN_ASSET
 * (offsets, scale), the call-to-action button (or none), then HOMEPAGE_CARDS.
 */
export default function HomePage() {
  const { t, lang } = useI18n();
  const { mode } = useThemeMode();
  const session = useSession();
  const signedIn = session.loggedIn && session.userInfo !== undefined;
  const firstName =
    session.userInfo?.nomComplet?.trim().split(" ")[0] || session.userInfo?.idep || "";
  const pick = (anyone?: LocalizedString, authenticated?: LocalizedString) => {
    const text = signedIn && authenticated !== undefined ? authenticated : anyone;
    return text === undefined ? undefined : withFirstName(localize(text, lang), firstName);
  };
  const hero = pick(branding.homepageHeroText, branding.homepageHeroTextAuthenticated);
  const below = pick(branding.homepageBelowHeroText, branding.homepageBelowHeroTextAuthenticated);
  const cta =
    signedIn && branding.homepageCallToActionAuthenticated !== undefined
      ? branding.homepageCallToActionAuthenticated
      : branding.homepageCallToAction;
  const asset = branding.homepageMainAsset;
  return (
    <Box sx={{ py: { xs: 4, md: 10 } }}>
      <Box sx={{ display: "flex", gap: 4, alignItems: "center" }}>
        <Box sx={{ maxWidth: 720, flex: "1 1 auto" }}>
          {branding.homepageLogo && (
            <Box
              component="img"
              src={branding.homepageLogo[mode]}
              alt=""
              data-testid="home-logo"
              sx={{ height: 64, mb: 2, display: "block" }}
            />
          )}
          <Typography variant="h1" gutterBottom data-testid="home-hero">
            {hero ?? t.home.title({ brand: brandName })}
          </Typography>
          <Typography
            variant="h6"
            color="text.secondary"
            sx={{ fontWeight: 400, mb: 4 }}
            data-testid="home-below-hero"
          >
            {below ?? t.home.subtitle}
          </Typography>
          {cta === undefined ? (
            <Button
              variant="contained"
              size="large"
              component={Link}
              to="/catalog"
              data-testid="home-call-to-action"
            >
              {t.home.browseCatalog}
            </Button>
          ) : (
            cta && <CallToAction button={cta} />
          )}
        </Box>
        {asset && (
          <Box
            component="img"
            src={asset.url[mode]}
            alt=""
            data-testid="home-main-asset"
            sx={{
              display: { xs: "none", md: "block" },
              flex: "0 1 40%",
              minWidth: 0,
              maxHeight: 360,
              objectFit: "contain",
              transform: `translate(${asset.xOffset ?? "0"}, ${asset.yOffset ?? "0"}) scale(${asset.scale})`,
            }}
          />
        )}
      </Box>
      <HomeCards cards={branding.homepageCards} />
    </Box>
  );
}
