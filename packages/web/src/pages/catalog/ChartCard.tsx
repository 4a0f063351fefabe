import Avatar from "@mui/material/Avatar";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link } from "react-router";
import type { ChartJson } from "@onyxia-ts/core";
import { safeHttpUrl } from "../../config/safeUrl.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { launcherPath } from "../../core/usecases/catalogs/catalogLogic.ts";

function ChartIcon({ chart }: { chart: ChartJson }) {
  const [broken, setBroken] = useState(false);
  const initial = chart.name.charAt(0).toUpperCase();
  const icon = safeHttpUrl(chart.icon);
  return broken || !icon ? (
    <Avatar sx={{ bgcolor: "primary.main", width: 48, height: 48 }}>{initial}</Avatar>
  ) : (
    <Avatar
      variant="rounded"
      src={icon}
      alt=""
      slotProps={{ img: { onError: () => setBroken(true) } }}
      sx={{ width: 48, height: 48, bgcolor: "transparent", "& img": { objectFit: "contain" } }}
    />
  );
}

export function ChartCard({
  catalogId,
  chart,
  catalogLabel,
}: {
  catalogId: string;
  chart: ChartJson;
  catalogLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <Card
      data-testid={`chart-card-${chart.name}`}
      sx={{ height: "100%", display: "flex", flexDirection: "column" }}
    >
      <CardContent sx={{ flexGrow: 1 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 1.5 }}>
          <ChartIcon chart={chart} />
          <div>
            <Typography variant="h3" component="h3">
              {chart.name}
            </Typography>
            {catalogLabel && (
              <Typography variant="caption" color="text.secondary">
                {t.catalog.inCatalog({ catalog: catalogLabel })}
              </Typography>
            )}
          </div>
        </Stack>
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{
            display: "-webkit-box",
            WebkitLineClamp: 3,
            WebkitBoxOrient: "vertical",
            overflow: "hidden",
          }}
        >
          {chart.description}
        </Typography>
      </CardContent>
      <CardActions sx={{ justifyContent: "space-between", px: 2, pb: 2 }}>
        <Chip
          size="small"
          variant="outlined"
          label={t.catalog.version({ version: chart.version })}
        />
        <Button variant="contained" component={Link} to={launcherPath(catalogId, chart.name)}>
          {t.catalog.launch}
        </Button>
      </CardActions>
    </Card>
  );
}
