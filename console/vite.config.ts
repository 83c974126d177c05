// The console's build: React + Ant Design, bundled into dist/console and served by the API at `/`.
// No CDN and nothing inline (the API's strict same-origin CSP): every script is a file under /assets.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@domain': path.resolve(here, '..', 'domain') } },
  build: {
    outDir: path.resolve(here, '..', 'dist', 'console'),
    emptyOutDir: true,
    // Vite's modulepreload polyfill is bundled, never inlined; keep assets as files, not data: URLs.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
