import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The console and the offline explorer, built into apps/console/dist and served by the host
 * (the standalone process or the gateway) on the origin of /graphql. Nothing is fetched from
 * anywhere else at run time: every script, style and font is in this bundle.
 */
// `vite dev` / `vite preview` for console work: the API and the host's own routes come from a
// running ledger (npm start, or LEDGER_URL).
const ledger = process.env.LEDGER_URL ?? 'http://127.0.0.1:4000';
const proxy = {
  '/graphql': { target: ledger, ws: true },
  '/console/config.json': { target: ledger },
  '/auth': { target: ledger },
};

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    // bench:console reads it to weigh what the console can load.
    manifest: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        console: resolve(import.meta.dirname, 'index.html'),
        explorer: resolve(import.meta.dirname, 'explorer.html'),
      },
    },
  },
});
