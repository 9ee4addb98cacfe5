import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The console and the offline explorer, built into apps/console/dist and served by the host
 * (the standalone process or the gateway) on the origin of /graphql. Nothing is fetched from
 * anywhere else at run time: every script, style and font is in this bundle.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
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
