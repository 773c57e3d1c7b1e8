// Bundles the CLI with esbuild into dist/ (options in scripts/build-options.mjs).

import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { buildOptions, root } from './build-options.mjs';

// Chunk names carry content hashes: without a clean start, every build leaves the old chunks behind.
rmSync(`${root}/dist`, { recursive: true, force: true });

await build(buildOptions);
