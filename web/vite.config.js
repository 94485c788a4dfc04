// Builds the page into the server crate, where it is embedded in the binary
// (crates/dossier-server/src/assets.rs). The output is committed so that building Dossier
// needs no npm.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: '../crates/dossier-server/assets',
    emptyOutDir: true,
    // No data: URIs and no inline scripts: the server's CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
