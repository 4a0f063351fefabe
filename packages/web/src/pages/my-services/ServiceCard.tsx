import DeleteIcon from "@mui/icons-material/DeleteOutline";
import EditIcon from "@mui/icons-material/DriveFileRenameOutline";
import OpenIcon from "@mui/icons-material/OpenInNew";
import PauseIcon from "@mui/icons-material/PauseCircleOutline";
import PlayIcon from "@mui/icons-material/PlayCircleOutline";
import ReadmeIcon from "@mui/icons-material/DescriptionOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import FormControlLabel from "@mui/material/FormControlLabel";
import IconButton from "@mui/material/IconButton";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Typography from "@mui/material/Typography";
import type { Service } from "@onyxia-ts/core";
import { branding } from "../../config/branding.ts";
import { useState } from "react";
import { Link } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { formatDuration } from "../../i18n/formatting.ts";
import { copyThenOpen } from "../../components/copyThenOpen.ts";
import { IdleNotice } from "../../components/IdleNotice.tsx";
import type { ServiceAction } from "../../core/usecases/services/serviceActions.ts";
import {
  openUrl,
  ownership,
  runningForLong,
  servicePassword,
  splitChart,
  stateColor,
} from "../../core/usecases/services/serviceDisplay.ts";

export interface ServiceCardProps {
  service: Service;
  me: string | undefined;
  projectPassword: string | undefined;
  isGroupProject: boolean;
  highlighted: boolean;
  pending: ServiceAction | undefined;
  now: number;
  onReadme: () => void;
  onSuspend: () => void;
  onResume: () => void;
  onShare: (share: boolean) => void;
  onRename: () => void;
  onDelete: () => void;
  onPostponeIdle: () => void;
}

export function ServiceCard(props: ServiceCardProps) {
  const { t, lang } = useI18n();
  const { service, now } = props;
  const [copied, setCopied] = useState(false);
  const owner = ownership(service, props.me);
  const mine = owner !== "shared";
  const url = openUrl(service);
  const password = servicePassword(service, props.projectPassword);
  const chart = splitChart(service.chart);
  const busy = props.pending !== undefined;
  return (
    <Card
      variant="outlined"
      data-testid={`service-card-${service.id}`}
      data-state={service.state}
      sx={{
        display: "flex",
        flexDirection: "column",
        borderColor: props.highlighted ? "primary.main" : undefined,
        borderWidth: props.highlighted ? 2 : 1,
      }}
    >
      <CardContent sx={{ flexGrow: 1 }}>
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: "center", mb: 1, flexWrap: "wrap", rowGap: 0.5 }}
        >
          <Chip
            size="small"
            color={stateColor[service.state]}
            label={t.services.state[service.state]}
            data-testid="service-state"
          />
          {owner === "orphan" && (
            <Chip size="small" color="warning" variant="outlined" label={t.services.orphan} />
          )}
          {owner === "own-shared" && (
            <Chip size="small" variant="outlined" label={t.services.sharedByMe} />
          )}
          {owner === "shared" && (
            <Chip
              size="small"
              variant="outlined"
              label={t.services.sharedBy({ owner: service.owner ?? "?" })}
            />
          )}
          {props.pending && <Chip size="small" label={t.services.pending[props.pending]} />}
        </Stack>
        <Typography
          variant="h6"
          component={Link}
          to={`/my-service/${service.id}`}
          sx={{
            color: "inherit",
            textDecoration: "none",
            "&:hover": { textDecoration: "underline" },
          }}
          data-testid="service-title"
        >
          {service.friendlyName ?? service.id}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {chart.name}
          {chart.version ? ` ${chart.version}` : ""} · {service.id}
        </Typography>
        {service.startedAt > 0 && (
          <Typography variant="body2" color="text.secondary">
            {t.services.upFor({ duration: formatDuration(now - service.startedAt, lang) })}
          </Typography>
        )}
        {service.stateReason && service.state !== "running" && (
          <Alert
            severity={service.state === "failed" ? "error" : "info"}
            sx={{ mt: 1, py: 0 }}
            data-testid="service-reason"
          >
            {service.stateReason}
          </Alert>
        )}
        {owner === "orphan" && (
          <Alert severity="warning" sx={{ mt: 1, py: 0 }}>
            {t.services.orphanHint}
          </Alert>
        )}
        <IdleNotice
          idle={service.idle}
          canPostpone={mine}
          busy={busy}
          onPostpone={props.onPostponeIdle}
        />
        {runningForLong(service, now, branding.runningTimeThresholdHours) && (
          <Alert severity="info" sx={{ mt: 1, py: 0 }} data-testid="running-long">
            {t.services.runningLong({ hours: branding.runningTimeThresholdHours })}
          </Alert>
        )}
        {copied && password && (
          <Typography variant="caption" color="text.secondary" data-testid="password-copied">
            {t.services.passwordCopied}
          </Typography>
        )}
      </CardContent>
      <CardActions sx={{ flexWrap: "wrap", gap: 0.5 }}>
        {url && service.state === "running" && (
          <Button
            variant="contained"
            size="small"
            startIcon={<OpenIcon />}
            data-testid="service-open"
            title={password ? t.services.openCopiesPassword : undefined}
            onClick={() => void copyThenOpen(url, password).then(setCopied)}
          >
            {t.services.open}
          </Button>
        )}
        {service.postInstallInstructions && (
          <IconButton
            size="small"
            aria-label={t.services.readme}
            title={t.services.readme}
            onClick={props.onReadme}
            data-testid="service-readme"
          >
            <ReadmeIcon />
          </IconButton>
        )}
        {mine && service.suspendable && !service.suspended && (
          <IconButton
            size="small"
            aria-label={t.services.suspend}
            title={t.services.suspend}
            disabled={busy}
            onClick={props.onSuspend}
            data-testid="service-suspend"
          >
            <PauseIcon />
          </IconButton>
        )}
        {mine && service.suspendable && service.suspended && (
          <IconButton
            size="small"
            aria-label={t.services.resume}
            title={t.services.resume}
            disabled={busy}
            onClick={props.onResume}
            data-testid="service-resume"
          >
            <PlayIcon />
          </IconButton>
        )}
        {mine && (
          <IconButton
            size="small"
            aria-label={t.services.rename}
            title={t.services.rename}
            disabled={busy}
            onClick={props.onRename}
            data-testid="service-rename"
          >
            <EditIcon />
          </IconButton>
        )}
        {mine && (
          <IconButton
            size="small"
            aria-label={t.services.delete}
            title={t.services.delete}
            disabled={busy}
            onClick={props.onDelete}
            data-testid="service-delete"
          >
            <DeleteIcon />
          </IconButton>
        )}
        <Box sx={{ flexGrow: 1 }} />
        {props.isGroupProject && mine && (
          <FormControlLabel
            control={
              <Switch
                size="small"
                checked={service.share}
                disabled={busy}
                onChange={(e) => props.onShare(e.target.checked)}
                slotProps={{ input: { "data-testid": "service-share" } as object }}
              />
            }
            label={t.services.share}
          />
        )}
      </CardActions>
    </Card>
  );
}
