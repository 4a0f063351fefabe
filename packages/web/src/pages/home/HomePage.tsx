import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { brandName } from "../../config/branding.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";

export default function HomePage() {
  const { t } = useI18n();
  return (
    <Box sx={{ py: { xs: 4, md: 10 }, maxWidth: 720 }}>
      <Typography variant="h1" gutterBottom>
        {t.home.title({ brand: brandName })}
      </Typography>
      <Typography variant="h6" color="text.secondary" sx={{ fontWeight: 400, mb: 4 }}>
        {t.home.subtitle}
      </Typography>
      <Button variant="contained" size="large" component={Link} to="/catalog">
        {t.home.browseCatalog}
      </Button>
    </Box>
  );
}
