import Box from "@mui/material/Box";
import CircularProgress from "@mui/material/CircularProgress";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useEffect, useState } from "react";
import { ApiError } from "../../core/ports/apiError.ts";
import { useCore } from "../../shell/CoreProvider.tsx";
import type { QuotaResponse } from "@onyxia-ts/core";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { formatQuantity } from "../../i18n/formatting.ts";
import { quotaGauges } from "../../core/usecases/services/quota.ts";
import { branding } from "../../config/branding.ts";

const levelColor = { ok: "success", warning: "warning", critical: "error" } as const;

/** Circular gauges from /my-lab/quota; hidden when quotas are disabled (403) or there is none. */
export function QuotaGauges({ refreshKey }: { refreshKey: unknown }) {
  const { t, lang } = useI18n();
  const { api } = useCore();
  const [quota, setQuota] = useState<QuotaResponse | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    api.quota(controller.signal).then(setQuota, (error: unknown) => {
      if (!(error instanceof ApiError && error.status === 403)) setQuota(undefined);
    });
    return () => controller.abort();
  }, [refreshKey]);
  const gauges = quotaGauges(
    quota,
    branding.quotaWarningThreshold,
    branding.quotaCriticalThreshold,
  );
  if (gauges.length === 0) return null;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} data-testid="quota-gauges">
      <Typography sx={{ fontWeight: 600, mb: 1.5 }}>{t.services.quotas}</Typography>
      <Stack direction="row" spacing={3} sx={{ flexWrap: "wrap", rowGap: 2 }}>
        {gauges.map((g) => (
          <Stack
            key={g.key}
            sx={{ alignItems: "center", width: 110 }}
            data-testid={`quota-${g.key}`}
            data-level={g.level}
          >
            <Box sx={{ position: "relative", display: "inline-flex" }}>
              {/* The track: the full circle the gauge fills. */}
              <CircularProgress
                variant="determinate"
                value={100}
                size={56}
                thickness={5}
                sx={{ position: "absolute", color: "action.hover" }}
              />
              <CircularProgress
                variant="determinate"
                value={Math.min(100, g.ratio * 100)}
                color={levelColor[g.level]}
                size={56}
                thickness={5}
              />
              <Box sx={{ inset: 0, position: "absolute", display: "grid", placeItems: "center" }}>
                <Typography
                  variant="caption"
                  sx={{ fontWeight: 600 }}
                >{`${Math.round(g.ratio * 100)}%`}</Typography>
              </Box>
            </Box>
            <Typography variant="caption" sx={{ mt: 0.5, textAlign: "center" }}>
              {g.key}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {formatQuantity(g.key, g.used, lang)} / {formatQuantity(g.key, g.hard, lang)}
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
