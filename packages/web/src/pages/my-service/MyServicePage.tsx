import Alert from "@mui/material/Alert";
import Typography from "@mui/material/Typography";
import { useParams } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";

export default function MyServicePage() {
  const { t } = useI18n();
  const { releaseName = "" } = useParams();
  return (
    <>
      <Typography variant="h2" gutterBottom>
        {t.myService.title({ releaseName })}
      </Typography>
      <Alert severity="info">{t.myService.empty}</Alert>
    </>
  );
}
