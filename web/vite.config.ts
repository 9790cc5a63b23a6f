import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the backend (same origin as /api/v1): `vite build` writes web/dist,
// which the backend serves; `npm run dev -w web` proxies the API to a running backend.
export default defineConfig({
  plugins: [react()],
  // Vite writes this placeholder into every <script>/<link>/<style> tag and a <meta property="csp-nonce">;
  // the backend replaces it with a fresh random nonce per response (the CSP's style-src names it).
  html: { cspNonce: 'HELIOS_CSP_NONCE' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under /_app/ (not /assets/: that is a deep link to an asset record) are cached for a year by the backend; index.html never is.
    assetsDir: '_app',
    // Helios targets current evergreen browsers; no legacy bundle.
    target: 'es2022',
    // No inline <script> or data: modules: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    sourcemap: false,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': process.env.HELIOS_API ?? 'http://localhost:8080',
      '/demo': process.env.HELIOS_API ?? 'http://localhost:8080',
    },
  },
});
