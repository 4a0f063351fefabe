import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import type { HomeCard } from "../../config/webEnv.ts";
import { safeHttpUrl } from "../../config/safeUrl.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { localize } from "../../i18n/localizedString.ts";
import { CustomLink } from "../../shell/CustomLink.tsx";

/** HOMEPAGE_CARDS: the admin's cards under the hero (pictogram, title, description, button). */
export function HomeCards({ cards }: { cards: HomeCard[] }) {
  const { lang } = useI18n();
  if (cards.length === 0) return null;
  return (
    <Box
      sx={{
        display: "grid",
        gap: 2,
        mt: 6,
        gridTemplateColumns: "repeat(auto-fill, minmax(260px, 1fr))",
      }}
      data-testid="home-cards"
    >
      {cards.map((card, i) => {
        const pictogram = card.pictogram?.startsWith("/")
          ? card.pictogram
          : safeHttpUrl(card.pictogram);
        return (
          <Card key={i}>
            <CardContent>
              {pictogram && (
                <Box component="img" src={pictogram} alt="" sx={{ height: 48, mb: 1 }} />
              )}
              <Typography variant="h3" gutterBottom>
                {localize(card.title, lang)}
              </Typography>
              <Typography color="text.secondary">{localize(card.description, lang)}</Typography>
            </CardContent>
            {card.button && (
              <CardActions>
                <CustomLink link={card.button} sx={{ fontWeight: 600, color: "primary.main" }} />
              </CardActions>
            )}
          </Card>
        );
      })}
    </Box>
  );
}
