import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { DESK_METHODS } from './src/shared/contract';

const alias = {
  '@shared': resolve(import.meta.dirname, 'src/shared'),
  '@node': resolve(import.meta.dirname, 'src/node'),
  '@main': resolve(import.meta.dirname, 'src/main'),
  '@server': resolve(import.meta.dirname, 'src/server'),
  '@renderer': resolve(import.meta.dirname, 'src/renderer'),
  '@resources': resolve(import.meta.dirname, 'resources'),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // index: Electron's main process; browser: the same back end in plain Node (browser mode);
        // server: the order server program, which the desk launches as the embedded demo site
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          browser: resolve(import.meta.dirname, 'src/main/browser.ts'),
          server: resolve(import.meta.dirname, 'src/server/cli.ts'),
        },
        external: ['better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate'],
      },
    },
  },
  preload: {
    resolve: { alias },
    // the preload's methods are the contract's (src/preload/index.ts), without bundling zod into it
    define: { __DESK_METHODS__: JSON.stringify(DESK_METHODS) },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // a sandboxed preload must be CommonJS
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    base: './',
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
