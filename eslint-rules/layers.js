/**
 * The layering of docs/architecture.md as one lint rule, `layers/imports`: for every import in
 * src/, the importing file's layer decides which of our layers (aliases) and which npm packages it
 * may name, whether it may use Node's built-in modules, and a relative import may not leave its
 * layer (it must name the other layer by its alias, where the allow-list can see it).
 * An allow-list, not a deny-list: a new package is refused in every layer until a layer takes it.
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE = new Set(builtinModules);

/** Each layer: the folders it covers, our aliases it may import, the packages, Node built-ins. */
export const LAYERS = [
  { name: 'src/shared', dirs: ['src/shared'], ours: ['@shared'], packages: ['zod'], node: false, why: 'src/shared is pure: no Node, no UI, no database.' },
  { name: 'src/node', dirs: ['src/node'], ours: ['@shared', '@node'], packages: ['better-sqlite3', 'highs'], node: true, why: 'src/node is Node code shared by the server and the desk.' },
  {
    name: 'src/server',
    dirs: ['src/server'],
    ours: ['@shared', '@node', '@server', '@resources'],
    packages: ['better-sqlite3', 'drizzle-orm', 'socket.io', 'zod', 'highs'],
    node: true,
    why: 'The order server has no UI and never imports electron.',
  },
  {
    name: 'src/main (Electron entry)',
    files: ['src/main/index.ts'],
    dirs: ['src/main/electron'],
    ours: ['@shared', '@node', '@main', '@resources'],
    packages: ['electron', 'better-sqlite3', 'drizzle-orm', 'socket.io-client', 'ws', 'zod', 'highs', 'playwright-core', 'exceljs'],
    node: true,
    why: 'The desk back end has no UI.',
  },
  {
    name: 'src/main',
    dirs: ['src/main'],
    ours: ['@shared', '@node', '@main', '@resources'],
    packages: ['better-sqlite3', 'drizzle-orm', 'socket.io-client', 'ws', 'zod', 'highs', 'playwright-core', 'exceljs'],
    // the back end also runs in plain Node (browser mode): electron's code only behind index.ts
    denied: ['@main/electron'],
    node: true,
    why: 'Only src/main/index.ts and src/main/electron/ may import electron (or code that does); the back end has no UI.',
  },
  {
    name: 'src/preload',
    dirs: ['src/preload'],
    ours: [],
    modules: ['@shared/contract', '@shared/ipc-channels'],
    packages: ['electron'],
    node: false,
    why: 'The preload imports only the contract (types) and its IPC channel names.',
  },
  {
    name: 'src/renderer',
    dirs: ['src/renderer'],
    ours: ['@shared', '@renderer', '@resources'],
    packages: ['react', 'react-dom', 'leaflet', 'echarts', 'supercluster', 'zod', 'geojson'],
    node: false,
    why: 'The renderer runs in a sandbox and talks only to the API contract: no Node, no database, no sockets of its own.',
  },
  {
    name: 'src/track',
    dirs: ['src/track'],
    ours: ['@shared'],
    packages: [],
    node: false,
    why: 'The customer page (/track) is a bundle of its own under 50 KB: the shared rules and the contract\'s types, no framework, no zod.',
  },
];

const OUR_ALIASES = ['@shared', '@node', '@server', '@main', '@renderer', '@preload', '@resources'];

/** The layer of a repository-relative path (posix), or null outside the layers. */
export function layerOf(path) {
  const p = path.split(sep).join('/');
  return LAYERS.find((l) => (l.files ?? []).includes(p) || l.dirs.some((d) => p === d || p.startsWith(`${d}/`))) ?? null;
}

/** The top folder of src/ a path is in ("src/main"), for relative imports. */
function topOf(path) {
  const parts = path.split(sep).join('/').split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0];
}

function packageName(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `source` may not be imported from `file` (repo-relative), or null when it may. */
export function refusal(file, source) {
  const layer = layerOf(file);
  if (!layer) return null;
  if (source.startsWith('.')) {
    const target = relative('.', resolve(dirname(file), source));
    const from = topOf(file);
    const to = topOf(target);
    if (from !== to) return `${file} reaches into ${to} by a relative path; name it by its alias so the layer rules apply (docs/architecture.md).`;
    return layerOf(target)?.name === 'src/main (Electron entry)' && layer !== layerOf(target) ? `${layer.name} may not import ${source}. ${layer.why}` : null;
  }
  const alias = OUR_ALIASES.find((a) => source === a || source.startsWith(`${a}/`));
  if (alias) {
    if ((layer.denied ?? []).some((d) => source === d || source.startsWith(`${d}/`))) return `${layer.name} may not import ${source}. ${layer.why}`;
    if ((layer.modules ?? []).includes(source) || layer.ours.includes(alias)) return null;
    return `${layer.name} may not import ${source}: it may import ${[...layer.ours, ...(layer.modules ?? [])].join(', ') || 'nothing of ours'}. ${layer.why}`;
  }
  if (source.startsWith('node:') || NODE.has(packageName(source))) {
    return layer.node ? null : `${layer.name} may not import the Node module ${source}. ${layer.why}`;
  }
  const pkg = packageName(source);
  if (layer.packages.includes(pkg)) return null;
  return `${layer.name} may not import the package ${pkg} (allowed: ${layer.packages.join(', ')}). ${layer.why}`;
}

const importsRule = {
  meta: { type: 'problem', docs: { description: 'per-layer allow-lists of our layers, npm packages and Node built-ins' }, schema: [] },
  create(context) {
    const file = relative(context.cwd, context.filename);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const why = refusal(file, source);
      if (why) context.report({ node, message: why });
    };
    const fromSource = (node) => check(node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { imports: importsRule } };
