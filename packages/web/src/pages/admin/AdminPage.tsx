// /admin: the platform admin view (issue 17). Renders the admin use case's state: the services of
// every project (filters, sort, pages, per-row actions with a reason), the projects' quotas, the
// cluster's capacity by node pool, and the CSV download. The server refuses non-admins (403).
import DownloadIcon from "@mui/icons-material/Download";
import RefreshIcon from "@mui/icons-material/Refresh";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TablePagination from "@mui/material/TablePagination";
import TableRow from "@mui/material/TableRow";
import TableSortLabel from "@mui/material/TableSortLabel";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { AdminAction, AdminService, AdminSortKey } from "@onyxia-ts/core";
import { useEffect, useState } from "react";
import { ApiError } from "../../core/ports/apiError.ts";
import type { AdminFilters } from "../../core/usecases/admin/adminStore.ts";
import { formatBytes, formatCpu, formatDuration } from "../../core/usecases/admin/adminFormat.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore, useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { describeError } from "../../shell/describeError.ts";
import { CapacityBars, QuotaTable } from "./AdminResources.tsx";
import { ReasonDialog } from "./ReasonDialog.tsx";

const STATES = ["running", "starting", "suspended", "suspending", "failed"] as const;

export default function AdminPage() {
  const { t } = useI18n();
  const admin = useCore().admin;
  const state = useStore(admin);
  const [filters, setFilters] = useState<AdminFilters>({});
  const [pending, setPending] = useState<{ action: AdminAction; service: AdminService }>();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void admin.load();
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, [admin]);

  if (state.error instanceof ApiError && state.error.status === 403)
    return (
      <Alert severity="warning" data-testid="admin-forbidden">
        {t.admin.forbidden}
      </Alert>
    );

  const change = (key: keyof AdminFilters, value: string) => {
    const next = { ...filters, [key]: value || undefined };
    setFilters(next);
    void admin.setFilters(next);
  };
  const download = async () => {
    const text = await admin.csv();
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `services-${new Date().toISOString().slice(0, 10)}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const facets = state.listing?.facets;
  const select = (key: "project" | "owner" | "chart", label: string, options: string[]) => (
    <TextField
      select
      size="small"
      label={label}
      value={filters[key] ?? ""}
      onChange={(e) => change(key, e.target.value)}
      sx={{ minWidth: 150 }}
      slotProps={{ htmlInput: { "data-testid": `admin-filter-${key}` } }}
    >
      <MenuItem value="">{t.admin.any}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );
  const sortable = (key: AdminSortKey, label: string, align?: "right") => (
    <TableCell align={align} sortDirection={state.query.sort === key ? state.query.order : false}>
      <TableSortLabel
        active={state.query.sort === key}
        direction={state.query.sort === key ? state.query.order : "asc"}
        onClick={() => void admin.sortBy(key)}
        data-testid={`admin-sort-${key}`}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  return (
    <Stack spacing={3} data-testid="admin-page">
      <Box>
        <Typography variant="h4" component="h1">
          {t.admin.title}
        </Typography>
        <Typography color="text.secondary">{t.admin.subtitle}</Typography>
      </Box>
      {state.error !== undefined && (
        <ErrorPanel error={state.error} onRetry={() => void admin.load()} />
      )}
      {state.actionError !== undefined && (
        <Alert severity="error" data-testid="admin-action-error">
          {t.admin.actionFailed({ message: describeError(state.actionError, t) })}
        </Alert>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
        <TextField
          size="small"
          label={t.admin.search}
          value={filters.q ?? ""}
          onChange={(e) => change("q", e.target.value)}
          slotProps={{ htmlInput: { "data-testid": "admin-search" } }}
        />
        {select("project", t.admin.project, facets?.projects ?? [])}
        {select("owner", t.admin.owner, facets?.owners ?? [])}
        {select("chart", t.admin.chart, facets?.charts ?? [])}
        <TextField
          select
          size="small"
          label={t.admin.state}
          value={filters.state ?? ""}
          onChange={(e) => change("state", e.target.value)}
          sx={{ minWidth: 130 }}
        >
          <MenuItem value="">{t.admin.any}</MenuItem>
          {STATES.map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flexGrow: 1 }} />
        <Button startIcon={<RefreshIcon />} onClick={() => void admin.load()}>
          {t.admin.refresh}
        </Button>
        <Button
          startIcon={<DownloadIcon />}
          onClick={() => void download()}
          data-testid="admin-csv"
        >
          {t.admin.downloadCsv}
        </Button>
      </Stack>
      <Paper variant="outlined">
        <TableContainer>
          <Table size="small" aria-label={t.admin.services}>
            <TableHead>
              <TableRow>
                {sortable("release", t.admin.release)}
                {sortable("namespace", t.admin.project)}
                {sortable("owner", t.admin.owner)}
                {sortable("chart", t.admin.chart)}
                {sortable("age", t.admin.age)}
                {sortable("state", t.admin.state)}
                {sortable("cpu", t.admin.cpu, "right")}
                {sortable("memory", t.admin.memory, "right")}
                {sortable("gpu", t.admin.gpu, "right")}
                {sortable("idle", t.admin.idle)}
                <TableCell>{t.admin.actions}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {state.listing?.items.map((s) => (
                <TableRow
                  key={`${s.namespace}/${s.release}`}
                  data-testid={`admin-row-${s.namespace}-${s.release}`}
                >
                  <TableCell>
                    {s.friendlyName && s.friendlyName !== s.release ? (
                      <>
                        {s.friendlyName}
                        <Typography variant="caption" component="div" color="text.secondary">
                          {s.release}
                        </Typography>
                      </>
                    ) : (
                      s.release
                    )}
                  </TableCell>
                  <TableCell>{s.namespace}</TableCell>
                  <TableCell>{s.owner ?? "—"}</TableCell>
                  <TableCell>
                    {s.chart} {s.chartVersion}
                  </TableCell>
                  <TableCell>{s.createdAt ? formatDuration(now - s.createdAt) : "—"}</TableCell>
                  <TableCell>{s.state}</TableCell>
                  <TableCell align="right">{formatCpu(s.requests.cpu)}</TableCell>
                  <TableCell align="right">{formatBytes(s.requests.memory)}</TableCell>
                  <TableCell align="right">{s.requests.gpu}</TableCell>
                  <TableCell>
                    {s.idleSince
                      ? formatDuration(now - Date.parse(s.idleSince))
                      : t.admin.idleUnknown}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: "nowrap" }}>
                    {s.suspendable && !s.suspended && (
                      <Button
                        size="small"
                        onClick={() => setPending({ action: "suspend", service: s })}
                      >
                        {t.admin.suspend}
                      </Button>
                    )}
                    {s.suspendable && s.suspended && (
                      <Button
                        size="small"
                        onClick={() => setPending({ action: "resume", service: s })}
                      >
                        {t.admin.resume}
                      </Button>
                    )}
                    <Button
                      size="small"
                      color="error"
                      onClick={() => setPending({ action: "delete", service: s })}
                      data-testid={`admin-delete-${s.release}`}
                    >
                      {t.admin.delete}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
              {state.listing?.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={11}>{t.admin.empty}</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
        <TablePagination
          component="div"
          count={state.listing?.total ?? 0}
          page={state.query.page - 1}
          rowsPerPage={state.query.pageSize}
          rowsPerPageOptions={[25, 50, 100, 200]}
          onPageChange={(_e, page) => void admin.setPage(page + 1)}
          onRowsPerPageChange={(e) => void admin.setPage(1, Number(e.target.value))}
          labelDisplayedRows={() => t.admin.total({ count: state.listing?.total ?? 0 })}
        />
      </Paper>
      <Box>
        <Typography variant="h6" component="h2" gutterBottom>
          {t.admin.capacity}
        </Typography>
        {state.capacity && <CapacityBars capacity={state.capacity} />}
      </Box>
      <Box>
        <Typography variant="h6" component="h2" gutterBottom>
          {t.admin.quotas}
        </Typography>
        {state.quotas && <QuotaTable quotas={state.quotas} />}
      </Box>
      {pending && (
        <ReasonDialog
          action={pending.action}
          release={pending.service.release}
          busy={state.acting !== undefined}
          onClose={() => setPending(undefined)}
          onConfirm={async (reason) => {
            const target = {
              namespace: pending.service.namespace,
              release: pending.service.release,
            };
            if (await admin.act(pending.action, target, reason)) setPending(undefined);
          }}
        />
      )}
    </Stack>
  );
}
