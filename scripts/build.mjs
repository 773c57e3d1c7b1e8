// Bundles the CLI with esbuild. Splitting keeps `--version` and `--help` from loading the AWS SDK:
// each command's module is imported only when that command runs.

import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
// Chunk names carry content hashes: without a clean start, every build leaves the old chunks behind.
rmSync(`${root}/dist`, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { stateward: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  define: { STATEWARD_VERSION: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __swCreateRequire } from 'node:module'; const require = __swCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
