/**
 * The customer self-service page (issue 18): its own small bundle, apart from the desk's renderer,
 * built into out/track (index.html and hashed files under assets/) for the order server to serve at
 * /track. `npm run build:track`; `npm run build` runs it too.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/track'),
  base: '/track/',
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
  // the page must not pick up the repository's public folder or a .env
  publicDir: false,
  envDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'out/track'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // WeChat's in-app browser (X5/XWeb) and older phone browsers: stay on widely supported syntax
    target: ['es2019', 'safari13', 'chrome80'],
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
