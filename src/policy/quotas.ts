// IAM and S3 size limits, measured as IAM does (whitespace does not count, so minified JSON).
import type { PolicyDocument } from '../iam/document.ts';

export type DocumentKind =
  | 'trust'
  | 'permissions'
  | 'plan-trust'
  | 'plan-permissions'
  | 'bucket'
  | 'humans'
  | 'lock-table'
  | 'boundary'
  | 'scp';

// One limit per message: a quota that can be raised says so after the limit, not inside its name.
export const QUOTAS: Record<DocumentKind, { limit: number; what: string; note?: string }> = {
  trust: { limit: 2048, what: 'role trust policy', note: 'a quota increase can raise it to 4,096' },
  permissions: { limit: 10240, what: 'inline role policies (aggregate per role)' },
  'plan-trust': { limit: 2048, what: 'role trust policy', note: 'a quota increase can raise it to 4,096' },
  'plan-permissions': { limit: 10240, what: 'inline role policies (aggregate per role)' },
  bucket: { limit: 20480, what: 'S3 bucket policy' },
  humans: { limit: 6144, what: 'managed policy' },
  'lock-table': { limit: 20480, what: 'DynamoDB resource-based policy' },
  boundary: { limit: 6144, what: 'managed policy' },
  scp: { limit: 5120, what: 'service control policy' },
};

export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

export interface SizeReport {
  kind: DocumentKind;
  size: number;
  limit: number;
  fits: boolean;
}

export function sizeReport(kind: DocumentKind, document: PolicyDocument): SizeReport {
  const size = policySize(document);
  return { kind, size, limit: QUOTAS[kind].limit, fits: size <= QUOTAS[kind].limit };
}
