import { lazy } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { Layout } from "./shell/Layout.tsx";

// Every page is its own chunk: the initial bundle only carries the shell.
const HomePage = lazy(() => import("./pages/home/HomePage.tsx"));
const CatalogPage = lazy(() => import("./pages/catalog/CatalogPage.tsx"));
const LauncherPage = lazy(() => import("./pages/launcher/LauncherPage.tsx"));
const MyServicesPage = lazy(() => import("./pages/my-services/MyServicesPage.tsx"));
const MyServicePage = lazy(() => import("./pages/my-service/MyServicePage.tsx"));
const AccountPage = lazy(() => import("./pages/account/AccountPage.tsx"));
const NotFoundPage = lazy(() => import("./pages/not-found/NotFoundPage.tsx"));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/home", element: <HomePage /> },
      { path: "/accueil", element: <HomePage /> },
      { path: "/catalog/:catalogId?", element: <CatalogPage /> },
      { path: "/launcher/:catalogId/:chartName", element: <LauncherPage /> },
      { path: "/my-services", element: <MyServicesPage /> },
      { path: "/my-service/:releaseName", element: <MyServicePage /> },
      { path: "/account/:tab?", element: <AccountPage /> },
      { path: "/404", element: <NotFoundPage /> },
      { path: "*", element: <Navigate to="/404" replace /> },
    ],
  },
]);
