// The browser app's build: `npx vite build web` writes web/dist, which `parley serve` serves.
// In development, `npx vite web` serves the app with hot reload and forwards /api to a running `parley serve`.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': process.env.PARLEY_API ?? 'http://127.0.0.1:8787' },
  },
});
