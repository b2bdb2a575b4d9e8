import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Every file the page loads comes from /assets/, named after its content: no inline data, no CDN.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, sourcemap: false, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/imports': 'http://localhost:4000', '/exports': 'http://localhost:4000', '/auth': 'http://localhost:4000' } },
});
