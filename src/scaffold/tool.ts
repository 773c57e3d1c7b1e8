// What differs between Terraform and OpenTofu in the generated files. Both read `required_version`
// against their own version, and both gained S3-native locking (use_lockfile) in 1.10.
import type { LockingMode } from '../config/types.ts';
import type { Tool } from './types.ts';

export interface ToolFacts {
  binary: string;
  displayName: string;
  /** The GitHub Action that installs it, pinned by major version. */
  setupAction: string;
}

export const TOOLS: Record<Tool, ToolFacts> = {
  terraform: { binary: 'terraform', displayName: 'Terraform', setupAction: 'hashicorp/setup-terraform@v3' },
  tofu: { binary: 'tofu', displayName: 'OpenTofu', setupAction: 'opentofu/setup-opentofu@v1' },
};

/**
 * The oldest version whose s3 backend understands every argument we emit. `use_lockfile` needs 1.10.
 * Without it, 1.6 is the floor: the release that rewrote Terraform's s3 backend on the AWS SDK v2 (the
 * request set stateward's policies are derived from) and OpenTofu's first release.
 */
export function minimumVersion(locking: LockingMode): string {
  return locking === 'dynamodb' ? '1.6.0' : '1.10.0';
}

export function versionConstraint(locking: LockingMode): string {
  return `>= ${minimumVersion(locking)}`;
}
