import { lazy, useState, type ComponentType } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { branding } from "./config/branding.ts";
import { Layout } from "./shell/Layout.tsx";

// Every page is its own chunk: the initial bundle only carries the shell.
const loaders = {
  home: () => import("./pages/home/HomePage.tsx"),
  catalog: () => import("./pages/catalog/CatalogPage.tsx"),
  launcher: () => import("./pages/launcher/LauncherPage.tsx"),
  myServices: () => import("./pages/my-services/MyServicesPage.tsx"),
  myService: () => import("./pages/my-service/MyServicePage.tsx"),
  account: () => import("./pages/account/AccountPage.tsx"),
  s3: () => import("./pages/s3/S3ExplorerPage.tsx"),
  dataExplorer: () => import("./pages/data-explorer/DataExplorerPage.tsx"),
  mySecrets: () => import("./pages/my-secrets/MySecretsPage.tsx"),
  admin: () => import("./pages/admin/AdminPage.tsx"),
};
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
const pages = {
  home: page(loaders.home),
  catalog: page(loaders.catalog),
  launcher: page(loaders.launcher),
  myServices: page(loaders.myServices),
  myService: page(loaders.myService),
  account: page(loaders.account),
  s3: page(loaders.s3),
  dataExplorer: page(loaders.dataExplorer),
  mySecrets: page(loaders.mySecrets),
  admin: page(loaders.admin),
};
const HomePage = pages.home.Page;
const CatalogPage = pages.catalog.Page;
const LauncherPage = pages.launcher.Page;
const MyServicesPage = pages.myServices.Page;
const MyServicePage = pages.myService.Page;
const AccountPage = pages.account.Page;
const S3ExplorerPage = pages.s3.Page;
const DataExplorerPage = pages.dataExplorer.Page;
const MySecretsPage = pages.mySecrets.Page;
const AdminPage = pages.admin.Page;

/** Starts downloading the first page's chunk while the session loads, instead of after it. */
export function preloadPage(pathname: string): void {
  const first = pathname.split("/")[1] ?? "";
  const loader =
    first === "catalog"
      ? pages.catalog.load
      : first === "launcher"
        ? pages.launcher.load
        : first === "my-services"
          ? pages.myServices.load
          : first === "my-service"
            ? pages.myService.load
            : first === "account"
              ? pages.account.load
              : first === "s3"
                ? pages.s3.load
                : first === "data-explorer"
                  ? pages.dataExplorer.load
                  : first === "admin"
                    ? pages.admin.load
                    : first === "" && branding.disableHomepage
                      ? pages.catalog.load
                      : first === "" || first === "home" || first === "accueil"
                        ? pages.home.load
                        : undefined;
  void loader?.();
}
const NotFoundPage = lazy(() => import("./pages/not-found/NotFoundPage.tsx"));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      // DISABLE_HOMEPAGE: the catalog is the home page, as in Onyxia's web.
      {
        path: "/",
        element: branding.disableHomepage ? <Navigate to="/catalog" replace /> : <HomePage />,
      },
      { path: "/home", element: <HomePage /> },
      { path: "/accueil", element: <HomePage /> },
      { path: "/catalog/:catalogId?", element: <CatalogPage /> },
      { path: "/launcher/:catalogId/:chartName", element: <LauncherPage /> },
      { path: "/my-services", element: <MyServicesPage /> },
      { path: "/my-service/:releaseName", element: <MyServicePage /> },
      { path: "/account/:tab?", element: <AccountPage /> },
      // Onyxia's route: /s3/<bucket>/<key…>?profile=<name>; /s3 shows the profile and snippets.
      { path: "/s3/*", element: <S3ExplorerPage /> },
      { path: "/data-explorer", element: <DataExplorerPage /> },
      { path: "/my-secrets/*", element: <MySecretsPage /> },
      { path: "/admin", element: <AdminPage /> },
      { path: "/404", element: <NotFoundPage /> },
      { path: "*", element: <Navigate to="/404" replace /> },
    ],
  },
]);
