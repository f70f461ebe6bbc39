import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The SPA is built into apps/web/dist and served by the Fastify server on the same origin.
// In development Vite proxies the API to a locally running server.
const apiTarget = process.env.VORONKA_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
});
