// The published package is one bundle: it must need nothing at run time but Node itself, and it must carry
// the licenses of everything it bundles (THIRD_PARTY_NOTICES, generated from the bundle's metafile).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  bundledPackageDirs,
  bundleMetafile,
  externalImports,
  isBuiltin,
  render,
} from '../../scripts/third-party-notices.mjs';

const REPO = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', REPO), 'utf8'));
const metafile = await bundleMetafile();

test('the bundle imports only Node built-ins, so the package declares no runtime dependencies', () => {
  assert.deepEqual(
    externalImports(metafile).filter((path) => !isBuiltin(path)),
    [],
  );
  assert.equal(pkg.dependencies, undefined);
});

test('THIRD_PARTY_NOTICES lists every bundled package and is up to date (npm run notices)', () => {
  const committed = readFileSync(new URL('THIRD_PARTY_NOTICES', REPO), 'utf8');
  const dirs = bundledPackageDirs(metafile);
  assert.ok(dirs.some((dir) => dir.endsWith('node_modules/@aws-sdk/client-s3')));
  assert.ok(committed === render(dirs, pkg.version), 'THIRD_PARTY_NOTICES is out of date: run `npm run notices`');
});

test('every published path exists in a checkout, but dist/, which npm pack builds first', () => {
  for (const path of pkg.files as string[]) {
    if (path === 'dist/') assert.equal(pkg.scripts.prepack, 'node scripts/build.mjs');
    else assert.ok(existsSync(new URL(path, REPO)), `package.json files lists ${path}, which does not exist`);
  }
  assert.equal(pkg.scripts.prepare, undefined, 'prepare would build on every install from git, with dev tools absent');
});
