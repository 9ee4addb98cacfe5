import { resolve } from 'node:path';
import { defineConfig, Plugin } from 'vite';

/**
 * GraphiQL's one stylesheet (graphiql/style.css) embeds Roboto, Fira Code and the codicon
 * font as base64: 340 KB of its 350 KB gzipped. The explorer uses the system's fonts instead
 * (apps/console/explorer/explorer.css), and monaco's own stylesheet, which the editor loads
 * anyway, brings codicon as a file of this bundle. Nothing else in that stylesheet changes.
 */
function graphiqlWithoutEmbeddedFonts(): Plugin {
  const stylesheet = /[\\/]graphiql[\\/]dist[\\/]style\.css$/;
  return {
    name: 'ledger:graphiql-without-embedded-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!stylesheet.test(id)) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*\}/g, ''), map: null };
    },
  };
}

/**
 * The console and the offline explorer, built into apps/console/dist and served by the host
 * (the standalone process or the gateway) on the origin of /graphql. Nothing is fetched from
 * anywhere else at run time: every script, style and font is in this bundle. The explorer's
 * editor workers (monaco's, GraphQL's, JSON's) are bundled by graphiql/setup-workers/vite.
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
  plugins: [graphiqlWithoutEmbeddedFonts()],
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
      onwarn(warning, warn) {
        // GraphiQL's dependencies (radix-ui, framer-motion) mark modules "use client", which
        // means nothing without server components: 109 warnings on every npm start.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
