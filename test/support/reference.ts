// The observed Terraform s3-backend reference and the seeds live in ../shared beside the repo (CI has
// them). Tests that check against them fail loudly when they are missing: they are the product's proof.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
const REFERENCE = `${SHARED}reference/terraform-s3-backend-requests.json`;
const SEEDS = `${SHARED}seeds/`;

export interface ReferencePermission {
  iamAction: string;
  resource: string;
  need: string;
  why: string;
  condition?: Record<string, Record<string, string | string[]>>;
}

export type ReferenceClass = 'read' | 'plan' | 'apply' | 'workspaceManagement' | 'forceUnlock';
export type ReferenceMode = 'lockfile' | 'dynamodb' | 'both';

function requireShared(path: string): void {
  if (!existsSync(path))
    throw new Error(`${path} is missing. These tests need ../shared (reference and seeds) beside the repo, as in CI.`);
}

export function referenceMinimalPermissions(): Record<ReferenceMode, Record<ReferenceClass, ReferencePermission[]>> {
  requireShared(REFERENCE);
  return JSON.parse(readFileSync(REFERENCE, 'utf8')).minimalPermissions.byMode;
}

export function seedText(prefix: string): string {
  requireShared(SEEDS);
  const name = readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}* in ${SEEDS}`);
  return readFileSync(`${SEEDS}${name}`, 'utf8');
}
