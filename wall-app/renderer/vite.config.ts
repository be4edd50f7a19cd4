import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
// `npm run dev -w wall-app` proxies the API and socket.io to a running content server.
const server = process.env['IOC_SERVER'] ?? 'http://localhost:8080';

export default defineConfig({
  root: here('.'),
  base: '/wall/',
  plugins: [react()],
  resolve: {
    // Build from the protocol's sources, so the renderer builds without `tsc -b` first.
    alias: { '@ioc/protocol': here('../../protocol/src/index.ts') },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Fonts are bundled files, never fetched from the internet (control rooms are offline).
    assetsInlineLimit: 0,
    // One bundle (react, d3, zod schemas) served from the LAN server; splitting buys nothing here.
    chunkSizeWarningLimit: 800,
    // The wall page, and the widget gallery (golden images, bench:widgets).
    rollupOptions: { input: { main: here('index.html'), gallery: here('gallery.html') } },
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
