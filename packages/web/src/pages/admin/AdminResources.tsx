// The cluster's capacity by node pool (bars: requested against allocatable) and the projects'
// requests against their quotas.
import Box from "@mui/material/Box";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import type { AdminCapacityResponse, AdminQuotasResponse } from "@onyxia-ts/core";
import { formatAmount, share, type ResourceKey } from "../../core/usecases/admin/adminFormat.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";

const KEYS: ResourceKey[] = ["cpu", "memory", "gpu"];

function Bar({
  label,
  used,
  total,
  k,
}: {
  label: string;
  used: number;
  total: number;
  k: ResourceKey;
}) {
  const ratio = share(used, total);
  return (
    <Box sx={{ minWidth: 180, flex: 1 }}>
      <Typography variant="body2">
        {label}: {formatAmount(k, used)} / {formatAmount(k, total)}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, ratio * 100)}
        color={ratio >= 0.95 ? "error" : ratio >= 0.75 ? "warning" : "primary"}
        aria-label={`${label} ${Math.round(ratio * 100)}%`}
        sx={{ height: 10, borderRadius: 1 }}
      />
    </Box>
  );
}

export function CapacityBars({ capacity }: { capacity: AdminCapacityResponse }) {
  const { t } = useI18n();
  return (
    <Stack spacing={2} data-testid="admin-capacity">
      <Typography variant="caption" color="text.secondary">
        {t.admin.poolLabel({ label: capacity.label })}
      </Typography>
      {capacity.pools.map((pool) => (
        <Box key={pool.pool} data-testid={`admin-pool-${pool.pool}`}>
          <Typography variant="subtitle2">
            {pool.pool} · {t.admin.nodes({ count: pool.nodes })}
          </Typography>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: "wrap" }}>
            {KEYS.filter((k) => k !== "gpu" || pool.allocatable.gpu > 0).map((k) => (
              <Bar
                key={k}
                k={k}
                label={t.admin[k]}
                used={pool.requested[k]}
                total={pool.allocatable[k]}
              />
            ))}
          </Stack>
        </Box>
      ))}
      {(capacity.pending.cpu > 0 || capacity.pending.memory > 0) && (
        <Typography variant="body2" color="warning.main">
          {t.admin.pending}: {formatAmount("cpu", capacity.pending.cpu)} CPU,{" "}
          {formatAmount("memory", capacity.pending.memory)}
        </Typography>
      )}
    </Stack>
  );
}

export function QuotaTable({ quotas }: { quotas: AdminQuotasResponse }) {
  const { t } = useI18n();
  return (
    <Table size="small" data-testid="admin-quotas" aria-label={t.admin.quotas}>
      <TableHead>
        <TableRow>
          <TableCell>{t.admin.project}</TableCell>
          <TableCell align="right">{t.admin.services}</TableCell>
          {KEYS.map((k) => (
            <TableCell key={k}>
              {t.admin[k]} ({t.admin.requested} / {t.admin.quota})
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {quotas.projects.map((p) => (
          <TableRow key={p.namespace}>
            <TableCell>{p.namespace}</TableCell>
            <TableCell align="right">{p.services}</TableCell>
            {KEYS.map((k) => {
              const hard = p.quota?.hard[k];
              return (
                <TableCell key={k}>
                  {hard === undefined ? (
                    <>
                      {formatAmount(k, p.requests[k])}{" "}
                      <Typography component="span" variant="caption" color="text.secondary">
                        ({t.admin.noQuota})
                      </Typography>
                    </>
                  ) : (
                    <Bar k={k} label="" used={p.requests[k]} total={hard} />
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
