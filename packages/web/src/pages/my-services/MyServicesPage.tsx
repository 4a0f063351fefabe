import DeleteSweepIcon from "@mui/icons-material/DeleteSweep";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { Notes } from "../../components/Notes.tsx";
import { RenameDialog } from "../../components/RenameDialog.tsx";
import { deletableByMe } from "../../core/usecases/services/serviceDisplay.ts";
import { useServiceActions, useServices, useServicePassword } from "../../shell/useCases.ts";
import { QuotaGauges } from "./QuotaGauges.tsx";
import { SavedConfigsSection } from "./SavedConfigsSection.tsx";
import { ServiceCard } from "./ServiceCard.tsx";
import { projectStorageId } from "../../core/usecases/session/projectStorageId.ts";

function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

export default function MyServicesPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params] = useSearchParams();
  const autoOpen = params.get("autoOpenHelmReleaseName");
  const { services, error, refresh, streamConnected } = useServices();
  const actions = useServiceActions(refresh);
  const now = useNow(30_000);
  const [readme, setReadme] = useState<string | undefined>();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const [deletingAll, setDeletingAll] = useState(false);
  const me = session.userInfo?.idep;
  const isGroupProject = Boolean(session.project?.group);
  const projectPassword = useServicePassword(session.project);
  const deletable = services ? deletableByMe(services, me) : [];
  const readmeService = services?.find((s) => s.id === readme);

  useEffect(() => {
    if (autoOpen)
      document
        .querySelector(`[data-testid="service-card-${CSS.escape(autoOpen)}"]`)
        ?.scrollIntoView({ block: "center" });
  }, [autoOpen, services !== undefined]);

  if (!session.loggedIn) {
    return (
      <Alert
        severity="info"
        action={
          session.canLogin ? <Button onClick={session.login}>{t.shell.login}</Button> : undefined
        }
      >
        {t.services.loginRequired}
      </Alert>
    );
  }

  return (
    <>
      <Stack direction="row" sx={{ alignItems: "center", mb: 2, gap: 2, flexWrap: "wrap" }}>
        <Typography variant="h2" sx={{ flexGrow: 1 }}>
          {t.myServices.title}
        </Typography>
        <Typography
          variant="caption"
          color="text.secondary"
          data-testid="stream-status"
          data-connected={streamConnected}
        >
          {streamConnected ? t.services.live : t.services.polling}
        </Typography>
        <Button component={Link} to="/catalog" variant="contained">
          {t.services.newService}
        </Button>
        <Button
          color="error"
          startIcon={<DeleteSweepIcon />}
          disabled={deletable.length === 0}
          onClick={() => setDeletingAll(true)}
          data-testid="delete-all"
        >
          {t.services.deleteAll}
        </Button>
      </Stack>
      <QuotaGauges refreshKey={services} />
      <SavedConfigsSection projectId={projectStorageId(session)} />
      {error !== undefined && <ErrorPanel error={error} onRetry={refresh} />}
      {actions.error !== undefined && (
        <Box sx={{ mb: 2 }}>
          <ErrorPanel error={actions.error} onRetry={actions.clearError} />
        </Box>
      )}
      {services === undefined && error === undefined && (
        <Stack direction="row" spacing={2}>
          <Skeleton variant="rounded" width={340} height={200} />
          <Skeleton variant="rounded" width={340} height={200} />
        </Stack>
      )}
      {services?.length === 0 && (
        <Alert severity="info" data-testid="no-services">
          {t.services.none}
        </Alert>
      )}
      <Box
        sx={{
          display: "grid",
          gap: 2,
          gridTemplateColumns: "repeat(auto-fill, minmax(320px, 1fr))",
        }}
        data-testid="service-list"
      >
        {services?.map((service) => (
          <ServiceCard
            key={service.id}
            service={service}
            me={me}
            projectPassword={projectPassword}
            isGroupProject={isGroupProject}
            highlighted={service.id === autoOpen}
            pending={actions.pending[service.id]}
            now={now}
            onReadme={() => setReadme(service.id)}
            onSuspend={() => void actions.suspend(service.id)}
            onResume={() => void actions.resume(service.id)}
            onShare={(share) => void actions.share(service.id, share)}
            onRename={() => setRenaming(service.id)}
            onDelete={() => setDeleting(service.id)}
            onPostponeIdle={() => void actions.postpone(service.id)}
          />
        ))}
      </Box>
      <Dialog
        open={readmeService !== undefined}
        onClose={() => setReadme(undefined)}
        maxWidth="md"
        fullWidth
      >
        <DialogTitle>{readmeService?.friendlyName ?? readmeService?.id}</DialogTitle>
        <DialogContent>
          {readmeService && <Notes text={readmeService.postInstallInstructions} />}
        </DialogContent>
      </Dialog>
      {renaming && (
        <RenameDialog
          initial={services?.find((s) => s.id === renaming)?.friendlyName ?? renaming}
          onClose={() => setRenaming(undefined)}
          onRename={(name) => void actions.rename(renaming, name)}
        />
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={t.services.deleteTitle}
        body={t.services.deleteBody({ name: deleting ?? "" })}
        confirm={t.services.delete}
        onClose={() => setDeleting(undefined)}
        onConfirm={() => deleting && void actions.remove(deleting)}
      />
      <ConfirmDialog
        open={deletingAll}
        title={t.services.deleteAllTitle}
        body={t.services.deleteAllBody({
          count: deletable.length,
          shared: deletable.filter((s) => s.share).length,
        })}
        confirm={t.services.deleteAll}
        onClose={() => setDeletingAll(false)}
        // Client-side, in parallel, as Onyxia does: each failure is reported, the others proceed.
        onConfirm={() => deletable.forEach((s) => void actions.remove(s.id))}
      />
    </>
  );
}
