import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import { useI18n } from "../../i18n/I18nProvider.tsx";

/** The S3 profile whose credentials fill the chart's S3 section (the link's `s3=` parameter). */
export function S3ProfileSelect(props: {
  profiles: string[];
  selected: string;
  onSelect: (profileName: string) => void;
}) {
  const { t } = useI18n();
  return (
    <TextField
      select
      size="small"
      label={t.s3.launcherProfile}
      helperText={t.s3.launcherProfileHelp}
      value={props.selected}
      onChange={(e) => props.onSelect(e.target.value)}
      sx={{ mb: 2, minWidth: 260 }}
      slotProps={{ htmlInput: { "data-testid": "launcher-s3-profile" } }}
    >
      {props.profiles.map((name) => (
        <MenuItem key={name} value={name}>
          {name}
        </MenuItem>
      ))}
    </TextField>
  );
}
