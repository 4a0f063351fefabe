import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import FormControlLabel from "@mui/material/FormControlLabel";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import type { Service } from "@onyxia-ts/core";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../core/ports/apiError.ts";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useI18n } from "../../i18n/I18nProvider.tsx";

const MAX_CHARS = 400_000;

/** A pod's log per container; "follow" streams it (fetch streaming, the text is appended as it comes). */
export function LogsPanel({ service }: { service: Service }) {
  const { t } = useI18n();
  const { api } = useCore();
  const [taskId, setTaskId] = useState(service.tasks[0]?.id ?? "");
  const task = service.tasks.find((task) => task.id === taskId) ?? service.tasks[0];
  const [container, setContainer] = useState(task?.containers[0]?.name ?? "");
  const [follow, setFollow] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!task) return;
    const controller = new AbortController();
    setText("");
    setError(undefined);
    (async () => {
      const stream = await api.logs(
        { serviceId: service.id, taskId: task.id, container, follow, tailLines: 1000 },
        controller.signal,
      );
      const reader = stream.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        setText((current) => (current + value).slice(-MAX_CHARS));
      }
    })().catch((e: unknown) => {
      if (controller.signal.aborted) return;
      setError(e instanceof ApiError ? (e.serverMessage ?? `HTTP ${e.status}`) : String(e));
    });
    return () => controller.abort();
  }, [service.id, task?.id, container, follow]);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [text, follow]);

  if (!task) return <Alert severity="info">{t.service.noPods}</Alert>;
  return (
    <Stack spacing={2} data-testid="logs-panel">
      <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap", rowGap: 1 }}>
        <TextField
          select
          size="small"
          label={t.service.pod}
          value={task.id}
          onChange={(e) => setTaskId(e.target.value)}
          sx={{ minWidth: 260 }}
        >
          {service.tasks.map((t) => (
            <MenuItem key={t.id} value={t.id}>
              {t.id}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t.service.container}
          value={container}
          onChange={(e) => setContainer(e.target.value)}
          sx={{ minWidth: 180 }}
        >
          {task.containers.map((c) => (
            <MenuItem key={c.name} value={c.name}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={<Switch checked={follow} onChange={(e) => setFollow(e.target.checked)} />}
          label={t.service.follow}
        />
      </Stack>
      {error && (
        <Alert severity="warning" data-testid="logs-error">
          {t.service.logsError({ message: error })}
        </Alert>
      )}
      <Box
        component="pre"
        ref={box}
        data-testid="logs"
        sx={{
          m: 0,
          p: 2,
          minHeight: 200,
          maxHeight: 520,
          overflow: "auto",
          fontSize: 12.5,
          borderRadius: 1,
          bgcolor: "#1f2430",
          color: "#e6e8ef",
        }}
      >
        {text || (error ? "" : t.service.noLogs)}
      </Box>
    </Stack>
  );
}
