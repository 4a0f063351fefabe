import { lazy, useState, type ComponentType } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { branding } from "./config/branding.ts";
import { Layout } from "./shell/Layout.tsx";

/**
 * A page from its chunk's loader. Once the chunk is there (preloadPage starts it with the app, and
 * the session takes longer), the page renders at once; only a page whose chunk has not arrived
 * suspends. A suspended page is revealed no sooner than 300 ms after its fallback was shown
 * (React's throttle), which was most of the wait on a warm start.
 */
function page(loader: () => Promise<{ default: ComponentType }>) {
  let loaded: ComponentType | undefined;
  const load = () =>
    loader().then((module) => {
      loaded = module.default;
      return module;
    });
  const Lazy = lazy(load);
  function Page() {
    // Chosen once per mount: switching from the lazy one to the loaded one would remount it.
    const [Component] = useState<ComponentType>(() => loaded ?? Lazy);
    return <Component />;
  }
  return { Page, load };
}
// Every page is its own chunk: the initial bundle only carries the shell.
const Home = page(() => import("./pages/home/HomePage.tsx"));
const Catalog = page(() => import("./pages/catalog/CatalogPage.tsx"));
const Launcher = page(() => import("./pages/launcher/LauncherPage.tsx"));
const MyServices = page(() => import("./pages/my-services/MyServicesPage.tsx"));
const MyService = page(() => import("./pages/my-service/MyServicePage.tsx"));
const Account = page(() => import("./pages/account/AccountPage.tsx"));
const S3Explorer = page(() => import("./pages/s3/S3ExplorerPage.tsx"));
const DataExplorer = page(() => import("./pages/data-explorer/DataExplorerPage.tsx"));
const MySecrets = page(() => import("./pages/my-secrets/MySecretsPage.tsx"));
const Admin = page(() => import("./pages/admin/AdminPage.tsx"));

/** The page of an address's first segment, for preloading. */
const pageOfSegment = new Map<string, { load: () => Promise<unknown> }>([
  ["catalog", Catalog],
  ["launcher", Launcher],
  ["my-services", MyServices],
  ["my-service", MyService],
  ["account", Account],
  ["s3", S3Explorer],
  ["data-explorer", DataExplorer],
  ["admin", Admin],
  ["home", Home],
  ["accueil", Home],
]);

/** Starts downloading the first page's chunk while the session loads, instead of after it. */
export function preloadPage(pathname: string): void {
  const first = pathname.split("/")[1] ?? "";
  const target =
    first === "" ? (branding.disableHomepage ? Catalog : Home) : pageOfSegment.get(first);
  void target?.load();
}
const NotFoundPage = lazy(() => import("./pages/not-found/NotFoundPage.tsx"));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      // DISABLE_HOMEPAGE: the catalog is the home page, as in Onyxia's web.
      {
        path: "/",
        element: branding.disableHomepage ? <Navigate to="/catalog" replace /> : <Home.Page />,
      },
      { path: "/home", element: <Home.Page /> },
      { path: "/accueil", element: <Home.Page /> },
      { path: "/catalog/:catalogId?", element: <Catalog.Page /> },
      { path: "/launcher/:catalogId/:chartName", element: <Launcher.Page /> },
      { path: "/my-services", element: <MyServices.Page /> },
      { path: "/my-service/:releaseName", element: <MyService.Page /> },
      { path: "/account/:tab?", element: <Account.Page /> },
      // Onyxia's route: /s3/<bucket>/<key…>?profile=<name>; /s3 shows the profile and snippets.
      { path: "/s3/*", element: <S3Explorer.Page /> },
      { path: "/data-explorer", element: <DataExplorer.Page /> },
      { path: "/my-secrets/*", element: <MySecrets.Page /> },
      { path: "/admin", element: <Admin.Page /> },
      { path: "/404", element: <NotFoundPage /> },
      { path: "*", element: <Navigate to="/404" replace /> },
    ],
  },
]);
