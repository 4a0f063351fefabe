import Link from "@mui/material/Link";
import type { ReactNode } from "react";
import { Link as RouterLink } from "react-router";
import { linkTarget, type WebLink } from "../config/webEnv.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { localize } from "../i18n/localizedString.ts";

/** An admin-configured link (HEADER_LINKS, FOOTER_LINKS…): in-app paths route, others open a new tab. */
export function CustomLink(props: { link: WebLink; children?: ReactNode; sx?: object }) {
  const { lang } = useI18n();
  const target = linkTarget(localize(props.link.url, lang));
  const label = props.children ?? localize(props.link.label, lang);
  if (!target) return null;
  return "internal" in target ? (
    <Link component={RouterLink} to={target.internal} sx={props.sx} color="inherit">
      {label}
    </Link>
  ) : (
    <Link
      href={target.external}
      target="_blank"
      rel="noreferrer noopener"
      sx={props.sx}
      color="inherit"
    >
      {label}
    </Link>
  );
}
