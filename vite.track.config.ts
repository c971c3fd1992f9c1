/**
 * The customer self-service page (issue 18): its own small bundle, apart from the desk's renderer,
 * built into out/track for the order server to serve at /track. `npm run build:track`; `npm run
 * build` runs it too.
 *
 * The script and the style go inline into index.html: on a phone 150 ms from the server every
 * request the page waits for is a round trip, and the whole page is ~9 KB compressed, less than a
 * round trip's worth of bytes at 1.6 Mbps (bench track.lcp.ms). The server's CSP allows the inline
 * blocks by their SHA-256 and revalidates index.html by ETag, so a returning phone downloads nothing.
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** Moves the entry chunk and the CSS into index.html and drops their files. */
function inlineIntoHtml(): Plugin {
  return {
    name: 'track-inline-into-html',
    apply: 'build',
    enforce: 'post',
    generateBundle(options, bundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') throw new Error('track build: no index.html in the bundle');
      let text = String(html.source);
      const inline = (tag: RegExp, element: string, body: string, name: string) => {
        // text that would end or hide the block early in an HTML parser
        if (/<\/(script|style)|<!--/i.test(body)) throw new Error(`track build: ${name} holds </script>, </style> or <!-- and cannot be inlined`);
        if (!tag.test(text)) throw new Error(`track build: index.html does not load ${name}`);
        text = text.replace(tag, () => `<${element}>${body}</${element.split(' ')[0]}>`);
        delete bundle[name];
      };
      for (const [name, file] of Object.entries(bundle)) {
        const src = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (file.type === 'chunk') {
          if (!file.isEntry || file.imports.length > 0 || file.dynamicImports.length > 0) throw new Error(`track build: one chunk expected, got ${name}`);
          inline(new RegExp(`<script type="module" crossorigin src="/track/${src}"></script>`), 'script type="module"', file.code, name);
        } else if (name.endsWith('.css')) {
          inline(new RegExp(`<link rel="stylesheet" crossorigin href="/track/${src}">`), 'style', String(file.source), name);
        }
      }
      html.source = text;
      void options;
    },
  };
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/track'),
  base: '/track/',
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
  // the page must not pick up the repository's public folder or a .env
  publicDir: false,
  envDir: false,
  plugins: [inlineIntoHtml()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/track'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // WeChat's in-app browser (X5/XWeb) and older phone browsers: stay on widely supported syntax
    target: ['es2019', 'safari13', 'chrome80'],
    modulePreload: { polyfill: false },
  },
});
