import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The content server serves the built app under /console/; every asset URL must carry it.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Tablets in the operations room run older browsers than the lead's laptop.
    target: 'es2020',
  },
  server: {
    // `npm run dev -w control-console` against a content server on :8080.
    proxy: {
      '/socket.io': { target: 'http://localhost:8080', ws: true },
      '/api': { target: 'http://localhost:8080' },
    },
  },
});
