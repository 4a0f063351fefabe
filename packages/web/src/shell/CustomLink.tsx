import Link from "@mui/material/Link";
import type { ReactNode } from "react";
import { Link as RouterLink } from "react-router";
import { iconImageUrl, linkTarget, type WebLink } from "../config/webEnv.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { localize } from "../i18n/localizedString.ts";

/** An admin-configured link (HEADER_LINKS, FOOTER_LINKS…): in-app paths route, others open a new tab. */
export function CustomLink(props: { link: WebLink; children?: ReactNode; sx?: object }) {
  const { lang } = useI18n();
  const target = linkTarget(localize(props.link.url, lang));
  const text = props.children ?? localize(props.link.label, lang);
  if (!target) return null;
  const start = iconImageUrl(props.link.startIcon ?? props.link.icon);
  const end = iconImageUrl(props.link.endIcon);
  const image = (src: string) => (
    <img
      src={src}
      alt=""
      width={16}
      height={16}
      style={{ verticalAlign: "middle", margin: "0 4px" }}
    />
  );
  const label = (
    <>
      {start && image(start)}
      {text}
      {end && image(end)}
    </>
  );
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
