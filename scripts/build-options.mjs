// esbuild options of the published bundle, shared by scripts/build.mjs (which writes dist/) and
// scripts/third-party-notices.mjs (which reads the same build's metafile to know what is bundled).
// Splitting keeps `--version` and `--help` from loading the AWS SDK: each command's module is imported
// only when that command runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));

export const buildOptions = {
  absWorkingDir: root,
  entryPoints: { stateward: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  define: { STATEWARD_VERSION: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __swCreateRequire } from 'node:module'; const require = __swCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
};
