import AddIcon from "@mui/icons-material/Add";
import DeleteIcon from "@mui/icons-material/DeleteOutline";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import IconButton from "@mui/material/IconButton";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Typography from "@mui/material/Typography";
import type { FormArrayGroup, FormGroup, FormNode } from "@onyxia-ts/core";
import { useI18n } from "../../../i18n/I18nProvider.tsx";
import { CheckboxInput } from "./CheckboxInput.tsx";
import { fieldId, useFormActions } from "../formActions.ts";
import { NumberInput } from "./NumberInput.tsx";
import { RangeSliderInput } from "./RangeSliderInput.tsx";
import { SelectInput } from "./SelectInput.tsx";
import { SliderInput } from "./SliderInput.tsx";
import { TextInput } from "./TextInput.tsx";
import { YamlBlockInput } from "./YamlBlockInput.tsx";
import { useFieldErrors } from "../fieldErrorsContext.ts";
import { useGroupAddon } from "../groupAddons.ts";

function nodeKey(node: FormNode): string {
  return node.kind === "rangeSlider" ? `range:${node.rangeId}` : node.helmPath.join(".");
}

export function FormNodeList({ nodes }: { nodes: readonly FormNode[] }) {
  const visible = nodes.filter((node) => !node.hidden);
  return (
    <Stack spacing={2.5}>
      {visible.map((node) => (
        <FormNodeView key={nodeKey(node)} node={node} />
      ))}
    </Stack>
  );
}

function GroupSummary({ title, description }: { title: string; description: string | undefined }) {
  return (
    <AccordionSummary expandIcon={<ExpandMoreIcon />}>
      <Box>
        <Typography sx={{ fontWeight: 600 }}>{title}</Typography>
        {description && (
          <Typography variant="body2" color="text.secondary">
            {description}
          </Typography>
        )}
      </Box>
    </AccordionSummary>
  );
}

export function GroupView({
  group,
  defaultExpanded = false,
}: {
  group: FormGroup;
  defaultExpanded?: boolean;
}) {
  const addon = useGroupAddon(group.helmPath);
  return (
    <Accordion
      defaultExpanded={defaultExpanded}
      data-testid={`group-${group.helmPath.join(".")}`}
      slotProps={{ transition: { unmountOnExit: true } }}
    >
      <GroupSummary title={group.title} description={group.description} />
      <AccordionDetails>
        {addon}
        <FormNodeList nodes={group.children} />
      </AccordionDetails>
    </Accordion>
  );
}

function ArrayView({ group }: { group: FormArrayGroup }) {
  const { t } = useI18n();
  const { setValue, removeItem, autoInjection } = useFormActions();
  return (
    <Accordion
      data-testid={`array-${group.helmPath.join(".")}`}
      slotProps={{ transition: { unmountOnExit: true } }}
    >
      <GroupSummary
        title={`${group.title} (${group.items.length})`}
        description={group.description}
      />
      <AccordionDetails>
        <Stack spacing={2}>
          {group.items.map((item, index) => (
            <Box key={index} sx={{ display: "flex", gap: 1, alignItems: "flex-start" }}>
              <Box sx={{ flexGrow: 1, minWidth: 0 }}>
                {item.hidden ? null : item.kind === "group" ? (
                  // A freshly added item should show its fields right away.
                  <GroupView group={item} defaultExpanded />
                ) : (
                  <FormNodeView node={item} />
                )}
              </Box>
              {autoInjection && (
                <FormControlLabel
                  sx={{ mr: 0 }}
                  control={
                    <Switch
                      checked={autoInjection.isInjected([...group.helmPath, index])}
                      onChange={(e) =>
                        autoInjection.setInjected([...group.helmPath, index], e.target.checked)
                      }
                      slotProps={{
                        input: {
                          "data-testid": `${fieldId([...group.helmPath, index])}-injected`,
                        } as object,
                      }}
                    />
                  }
                  label={t.account.profileAutoInject}
                />
              )}
              <IconButton
                aria-label={`${t.launcher.removeItem} ${item.title}`}
                disabled={!group.canRemove || group.readonly}
                onClick={() => removeItem([...group.helmPath, index])}
              >
                <DeleteIcon />
              </IconButton>
            </Box>
          ))}
          <Box>
            <Button
              startIcon={<AddIcon />}
              disabled={!group.canAdd || group.readonly}
              data-testid={`${fieldId(group.helmPath)}-add`}
              onClick={() => setValue([...group.helmPath, group.items.length], group.newItemValue)}
            >
              {t.launcher.addItem}
            </Button>
          </Box>
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}

/** Schema errors of the whole values (browser or server) that land on this field. */
function SchemaErrors({ path }: { path: readonly (string | number)[] }) {
  const errors = useFieldErrors(path);
  if (errors.length === 0) return null;
  return (
    <Typography
      variant="caption"
      color="error"
      role="alert"
      data-testid={`${fieldId([...path])}-schema-error`}
      sx={{ display: "block", mt: 0.5, ml: 1.75 }}
    >
      {errors.join("; ")}
    </Typography>
  );
}

export function FormNodeView({ node }: { node: FormNode }) {
  if (node.kind === "group" || node.kind === "array" || node.kind === "rangeSlider")
    return <FieldWidget node={node} />;
  return (
    <Box>
      <FieldWidget node={node} />
      <SchemaErrors path={node.helmPath} />
    </Box>
  );
}

function FieldWidget({ node }: { node: FormNode }) {
  switch (node.kind) {
    case "text":
    case "textarea":
    case "password":
      return <TextInput field={node} />;
    case "number":
      return <NumberInput field={node} />;
    case "checkbox":
      return <CheckboxInput field={node} />;
    case "select":
      return <SelectInput field={node} />;
    case "slider":
      return <SliderInput field={node} />;
    case "rangeSlider":
      return <RangeSliderInput field={node} />;
    case "yaml":
      return <YamlBlockInput field={node} />;
    case "group":
      return <GroupView group={node} />;
    case "array":
      return <ArrayView group={node} />;
  }
}
