// Types of scripts/third-party-notices.mjs for the tests that import it.
import type { Metafile } from 'esbuild';

export function bundleMetafile(): Promise<Metafile>;
export function bundledPackageDirs(metafile: Metafile): string[];
export function externalImports(metafile: Metafile): string[];
export function isBuiltin(path: string): boolean;
export function render(dirs: string[], version: string): string;
