import ArrowBackIcon from "@mui/icons-material/ArrowBack";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Paper from "@mui/material/Paper";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import Typography from "@mui/material/Typography";
import { useMemo, useState } from "react";
import { Link as RouterLink, useNavigate, useParams } from "react-router";
import { ApiError } from "../../core/ports/apiError.ts";
import { safeHttpUrl } from "../../config/safeUrl.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { formatDateTime } from "../../i18n/formatting.ts";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { Notes } from "../../components/Notes.tsx";
import { IdleNotice } from "../../components/IdleNotice.tsx";
import {
  openUrl,
  ownership,
  servicePassword,
  stateColor,
} from "../../core/usecases/services/serviceDisplay.ts";
import { copyThenOpen } from "../../components/copyThenOpen.ts";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useService, useServiceActions, useServicePassword } from "../../shell/useCases.ts";
import { EditPanel } from "./EditPanel.tsx";
import { EventsPanel } from "./EventsPanel.tsx";
import { LogsPanel } from "./LogsPanel.tsx";
import { PodsPanel } from "./PodsPanel.tsx";
import { RevisionsPanel } from "./RevisionsPanel.tsx";

const tabs = ["status", "logs", "events", "values", "notes", "edit", "revisions"] as const;
type ServiceTab = (typeof tabs)[number];

export default function MyServicePage() {
  const { t, lang } = useI18n();
  const { releaseName = "" } = useParams();
  const session = useSession();
  const core = useCore();
  const navigate = useNavigate();
  const [tab, setTab] = useState<ServiceTab>("status");
  const [deleting, setDeleting] = useState(false);
  const { service, error, refresh, events } = useService(releaseName);
  const actions = useServiceActions(refresh);
  const timing = useMemo(() => core.service.launchTiming(releaseName), [core, releaseName]);
  const projectPassword = useServicePassword(session.project);

  if (error instanceof ApiError && error.status === 404) {
    return (
      <Alert
        severity="info"
        action={
          <Button component={RouterLink} to="/my-services">
            {t.myServices.title}
          </Button>
        }
        data-testid="service-gone"
      >
        {t.service.gone({ release: releaseName })}
      </Alert>
    );
  }
  if (error !== undefined && !service) return <ErrorPanel error={error} onRetry={refresh} />;
  if (!service) return <Skeleton variant="rounded" height={240} />;

  const mine = ownership(service, session.userInfo?.idep) !== "shared";
  const url = openUrl(service);
  const monitoring = safeHttpUrl(service.monitoring?.url);
  return (
    <>
      <Button component={RouterLink} to="/my-services" startIcon={<ArrowBackIcon />} sx={{ mb: 1 }}>
        {t.myServices.title}
      </Button>
      <Paper variant="outlined" sx={{ p: 3, mb: 2 }}>
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: "center", flexWrap: "wrap", rowGap: 1 }}
        >
          <Typography variant="h2" sx={{ mr: 1 }}>
            {service.friendlyName ?? service.id}
          </Typography>
          <Chip
            color={stateColor[service.state]}
            label={t.services.state[service.state]}
            data-testid="service-state"
          />
          {service.orphan && <Chip color="warning" variant="outlined" label={t.services.orphan} />}
          <Box sx={{ flexGrow: 1 }} />
          {url && service.state === "running" && (
            <Button
              variant="contained"
              onClick={() => void copyThenOpen(url, servicePassword(service, projectPassword))}
            >
              {t.services.open}
            </Button>
          )}
          {mine && service.suspendable && (
            <Button
              variant="outlined"
              disabled={actions.pending[service.id] !== undefined}
              data-testid={service.suspended ? "service-resume" : "service-suspend"}
              onClick={() =>
                void (service.suspended ? actions.resume(service.id) : actions.suspend(service.id))
              }
            >
              {service.suspended ? t.services.resume : t.services.suspend}
            </Button>
          )}
          {mine && (
            <Button
              color="error"
              variant="outlined"
              onClick={() => setDeleting(true)}
              data-testid="service-delete"
            >
              {t.services.delete}
            </Button>
          )}
        </Stack>
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {service.chart} · {service.namespace} · {t.service.revision} {service.revision}
        </Typography>
        {service.adminNotice && (
          <Alert severity="warning" sx={{ mt: 1 }} data-testid="service-admin-notice">
            {t.service.adminNotice({
              action: t.service.adminActions[service.adminNotice.action],
              by: service.adminNotice.by,
              at: formatDateTime(service.adminNotice.at, lang),
              reason: service.adminNotice.reason,
            })}
          </Alert>
        )}
        <IdleNotice
          idle={service.idle}
          canPostpone={mine}
          busy={actions.pending[service.id] !== undefined}
          onPostpone={() => void actions.postpone(service.id)}
        />
        {service.stateReason && (
          <Alert severity={service.state === "failed" ? "error" : "info"} sx={{ mt: 1 }}>
            {service.stateReason}
          </Alert>
        )}
        {monitoring && (
          <Link
            href={monitoring}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="monitoring-link"
            sx={{ display: "inline-block", mt: 1 }}
          >
            {t.service.monitoring}
          </Link>
        )}
        {timing.length > 0 && (
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{ mt: 1 }}
            data-testid="launch-timing"
          >
            {t.service.launchTiming}:{" "}
            {timing.map((p) => `${p.name} ${Math.round(p.ms)} ms`).join(" · ")}
          </Typography>
        )}
      </Paper>
      {actions.error !== undefined && (
        <ErrorPanel error={actions.error} onRetry={actions.clearError} />
      )}
      <Tabs
        value={tab}
        onChange={(_, next: ServiceTab) => setTab(next)}
        variant="scrollable"
        sx={{ mb: 2 }}
      >
        {tabs
          .filter((id) => mine || (id !== "edit" && id !== "revisions"))
          .map((id) => (
            <Tab key={id} value={id} label={t.service.tabs[id]} data-testid={`tab-${id}`} />
          ))}
      </Tabs>
      {tab === "status" && <PodsPanel service={service} />}
      {tab === "logs" && <LogsPanel service={service} />}
      {tab === "events" && <EventsPanel events={events} />}
      {tab === "values" && (
        <Paper variant="outlined" sx={{ p: 2 }} data-testid="values-panel">
          <Box component="pre" sx={{ m: 0, fontSize: 13, overflow: "auto" }}>
            {Object.entries(service.env)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => `${k}: ${v}`)
              .join("\n")}
          </Box>
        </Paper>
      )}
      {tab === "notes" &&
        (service.postInstallInstructions ? (
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Notes text={service.postInstallInstructions} />
          </Paper>
        ) : (
          <Alert severity="info">{t.service.noNotes}</Alert>
        ))}
      {tab === "edit" && <EditPanel service={service} onApplied={refresh} />}
      {tab === "revisions" && <RevisionsPanel serviceId={service.id} onRolledBack={refresh} />}
      <ConfirmDialog
        open={deleting}
        title={t.services.deleteTitle}
        body={t.services.deleteBody({ name: service.friendlyName ?? service.id })}
        confirm={t.services.delete}
        onClose={() => setDeleting(false)}
        onConfirm={() => void actions.remove(service.id).then(() => navigate("/my-services"))}
      />
    </>
  );
}
