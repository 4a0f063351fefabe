import { defineConfig, type PluginOption } from "vite";
import react from "@vitejs/plugin-react";

// @vitejs/plugin-react is typed against the root's Vite 8 (pulled in by vitest) while this package
// builds with Vite 7; the plugin works with both, only the declaration files differ.
const reactPlugin = react() as unknown as PluginOption;

export default defineConfig({
  plugins: [reactPlugin],
  // Onyxia's branding variable names work as-is at build time (see src/config/branding.ts).
  envPrefix: ["VITE_", "HEADER_TEXT_", "TAB_TITLE", "DARK_MODE", "ENABLED_LANGUAGES"],
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  build: {
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // Core is pure (no I/O, no global side effects), but its package does not say so: without this,
      // every core module (config parsing, catalog index, schema registry…) lands in the launcher chunk.
      treeshake: { moduleSideEffects: (id) => !id.includes("/packages/core/src/") },
    },
  },
});
