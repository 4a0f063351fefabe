import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { branding } from "./config/branding.ts";
import { applyDocumentHead } from "./config/documentHead.ts";
import { I18nProvider } from "./i18n/I18nProvider.tsx";
import { preloadPage, router } from "./routes.tsx";
import { bootstrap } from "./core/bootstrap.ts";
import { prefetchParquetTail } from "./core/adapters/parquet-first-page/tail-prefetch.ts";
import { startFirstPageEarly } from "./core/usecases/data-explorer/early-first-page.ts";
import { loadFirstPageReader } from "./pages/data-explorer/first-page-reader.ts";
import { s3BridgeWhenLoaded } from "./core/usecases/data-explorer/s3-access.ts";
import { CoreProvider } from "./shell/CoreProvider.tsx";
import { ThemeModeProvider } from "./theme/ThemeModeProvider.tsx";

document.title = branding.tabTitle;
if (branding.favicon) {
  const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (icon) {
    icon.removeAttribute("type");
    icon.href = branding.favicon;
  }
}

applyDocumentHead(document, branding);

const root = document.getElementById("root");
if (!root) throw new Error('index.html has no element with id "root"');

// The OIDC silent-renew iframe loads this page too: it only hands the answer to its parent.
const silentRenew =
  window.parent !== window && new URLSearchParams(window.location.search).has("oidc-silent");
if (silentRenew) {
  void import("./core/adapters/oidcClient.ts").then((m) => m.handleSilentCallback());
} else {
  // Both in parallel with React's start: the configuration call and the first page's chunk.
  const core = bootstrap({
    apiBaseUrl: "/api",
    commandBarByDefault: !branding.disableCommandBar,
    authenticationGloballyRequired: branding.authenticationGloballyRequired,
    disablePersonalInfosInjectionInGroup: branding.disablePersonalInfosInjectionInGroup,
  });
  core.session.prefetchConfiguration();
  preloadPage(window.location.pathname);
  // A Parquet file opened by the address: its first page is read while the app starts (registered
  // now, so the page's session, mounted later, always finds it). An http(s) file's tail (size,
  // footer) is asked for at once, while the reader's chunk loads; an s3:// file's once the session
  // is known and the S3 access (the SDK's chunk, loaded from now on, a HEAD, the credentials) is.
  if (window.location.pathname.split("/")[1] === "data-explorer")
    startFirstPageEarly(
      window.location.search,
      (source, signal) => {
        if (source.kind === "http") prefetchParquetTail(source.url, signal);
        return loadFirstPageReader();
      },
      {
        s3: () =>
          s3BridgeWhenLoaded(core.s3, core.session, branding.disablePersonalInfosInjectionInGroup),
      },
    );
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <ThemeModeProvider>
          <CoreProvider core={core}>
            <RouterProvider router={router} />
          </CoreProvider>
        </ThemeModeProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
