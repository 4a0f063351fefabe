import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// One Vite in the repository (8, the one vitest pulls in), so @vitejs/plugin-react 5.2 finds the
// Vite it was resolved against: automatic JSX runtime and React Fast Refresh in dev.
export default defineConfig({
  plugins: [react()],
  // Onyxia's branding variable names work as-is at build time (see src/config/branding.ts).
  envPrefix: ["VITE_", "HEADER_TEXT_", "TAB_TITLE", "DARK_MODE", "ENABLED_LANGUAGES", "DISABLE_"],
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  build: {
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // MUI and react-router mark modules "use client" for server components; meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      // Core is pure (no I/O, no global side effects), but its package does not say so: without this,
      // every core module (config parsing, catalog index, schema registry…) lands in the launcher chunk.
      treeshake: { moduleSideEffects: (id) => !id.includes("/packages/core/src/") },
    },
  },
});
