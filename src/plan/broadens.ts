// Per setting: does the change let anyone do more than before? Hardening and narrowing changes
// (versioning on, encryption, public-access-block on, a member removed, a policy detached) do not.
import type { PolicyDocument } from '../iam/document.ts';
import type { PublicAccessBlock } from '../model/types.ts';
import { documentBroadens } from './statement-cover.ts';

export interface ChangeValues {
  action: string;
  old: unknown;
  new: unknown;
}

export type BroadensRule = (change: ChangeValues) => boolean;

export const always: BroadensRule = () => true;
export const never: BroadensRule = () => false;

/** Adding grants (attach, add-member) broadens; taking them away (detach, remove-member) does not. */
export const whenAdding: BroadensRule = ({ action }) => action === 'attach' || action === 'add-member';

export const policyDocument: BroadensRule = (c) =>
  documentBroadens(c.old as PolicyDocument | null, c.new as PolicyDocument | null);

/** Any of the four flags going from on to off. A missing configuration was already all off. */
export const publicAccessBlock: BroadensRule = (c) => {
  const old = c.old as PublicAccessBlock | null;
  const next = c.new as PublicAccessBlock;
  if (!old) return false;
  return (Object.keys(old) as Array<keyof PublicAccessBlock>).some((flag) => old[flag] && !next[flag]);
};

/**
 * Leaving SSE-KMS, or moving to another key, drops the old key's policy as a second gate on reading
 * new state objects; another key's policy may admit more. Turning encryption on or AES256 -> KMS narrows.
 */
export const encryption: BroadensRule = (c) => {
  const old = c.old as { algorithm: string; kmsKeyArn?: string } | null;
  const next = c.new as { algorithm: string; kmsKeyArn?: string };
  if (old?.algorithm !== 'aws:kms') return false;
  return next.algorithm !== 'aws:kms' || next.kmsKeyArn !== old.kmsKeyArn;
};

/** Leaving BucketOwnerEnforced turns ACLs back on, and with them grants by object writers. */
export const ownership: BroadensRule = (c) => c.old === 'BucketOwnerEnforced' && c.new !== 'BucketOwnerEnforced';

/** Removing the boundary lifts the ceiling; replacing it may raise it. Adding one only caps. */
export const permissionsBoundary: BroadensRule = (c) => c.old !== null && c.old !== undefined && c.old !== c.new;

/** Longer sessions keep stolen credentials valid longer. */
export const maxSessionDuration: BroadensRule = (c) => typeof c.old === 'number' && (c.new as number) > c.old;

/** A client id the provider did not accept before lets tokens for another audience in. */
export const clientIds: BroadensRule = (c) => {
  const old = new Set((c.old as string[] | null) ?? []);
  return (c.new as string[]).some((id) => !old.has(id));
};
