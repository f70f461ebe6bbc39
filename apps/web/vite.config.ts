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
    // The vendor chunk (React, Mantine, TanStack, zod…) is one file on purpose: see codeSplitting below.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        // Pages are chunks of their own (app/lazyPage.ts). Libraries every page needs form one vendor chunk;
        // those only some pages use (Markdown, QR codes, spreadsheets) load with them. Small shared pieces are
        // merged, so the first screen asks for a handful of files, not a hundred.
        codeSplitting: {
          minSize: 20_000,
          // A group holds the modules it names, not what they import (else React would join "markdown").
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'markdown',
              test: /node_modules[\\/](react-markdown|remark-|rehype-|micromark|mdast-|hast-|unist-|unified|vfile)/,
              priority: 2,
            },
            { name: 'qrcode', test: /node_modules[\\/]qrcode/, priority: 2 },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
});
