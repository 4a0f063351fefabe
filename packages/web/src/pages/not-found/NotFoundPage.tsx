import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography variant="h2" gutterBottom>
        {t.notFound.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t.notFound.body}
      </Typography>
      <Button variant="outlined" component={Link} to="/">
        {t.errors.backHome}
      </Button>
    </>
  );
}
