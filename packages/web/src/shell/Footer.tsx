import Box from "@mui/material/Box";
import { branding } from "../config/branding.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { CustomLink } from "./CustomLink.tsx";

/** FOOTER_LINKS and the TERMS_OF_SERVICES document; nothing at all when neither is set. */
export function Footer() {
  const { t } = useI18n();
  const tos = branding.termsOfServices;
  if (branding.footerLinks.length === 0 && tos === undefined) return null;
  return (
    <Box
      component="footer"
      sx={{
        display: "flex",
        flexWrap: "wrap",
        gap: 2,
        mt: 6,
        pt: 2,
        borderTop: 1,
        borderColor: "divider",
        typography: "body2",
        color: "text.secondary",
      }}
      data-testid="footer"
    >
      {branding.footerLinks.map((link, i) => (
        <CustomLink key={i} link={link} />
      ))}
      {tos !== undefined && <CustomLink link={{ label: t.shell.termsOfServices, url: tos }} />}
    </Box>
  );
}
