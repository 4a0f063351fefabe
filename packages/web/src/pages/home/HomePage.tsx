import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { branding, brandName } from "../../config/branding.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { localize } from "../../i18n/localizedString.ts";
import { HomeCards } from "./HomeCards.tsx";

/** HOMEPAGE_HERO_TEXT / HOMEPAGE_BELOW_HERO_TEXT replace the built-in texts when set. */
export default function HomePage() {
  const { t, lang } = useI18n();
  const hero = branding.homepageHeroText;
  const below = branding.homepageBelowHeroText;
  return (
    <Box sx={{ py: { xs: 4, md: 10 } }}>
      <Box sx={{ maxWidth: 720 }}>
        <Typography variant="h1" gutterBottom data-testid="home-hero">
          {hero !== undefined ? localize(hero, lang) : t.home.title({ brand: brandName })}
        </Typography>
        <Typography variant="h6" color="text.secondary" sx={{ fontWeight: 400, mb: 4 }}>
          {below !== undefined ? localize(below, lang) : t.home.subtitle}
        </Typography>
        <Button variant="contained" size="large" component={Link} to="/catalog">
          {t.home.browseCatalog}
        </Button>
      </Box>
      <HomeCards cards={branding.homepageCards} />
    </Box>
  );
}
