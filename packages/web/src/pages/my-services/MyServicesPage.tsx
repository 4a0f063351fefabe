import Alert from "@mui/material/Alert";
import Typography from "@mui/material/Typography";
import { useI18n } from "../../i18n/I18nProvider.tsx";

export default function MyServicesPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography variant="h2" gutterBottom>
        {t.myServices.title}
      </Typography>
      <Alert severity="info">{t.myServices.empty}</Alert>
    </>
  );
}
