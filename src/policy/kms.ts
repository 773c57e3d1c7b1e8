// SSE-KMS: S3 calls KMS on the caller's behalf, so the caller needs GenerateDataKey for writes (state
// and lock file) and Decrypt for reads; kms:Encrypt is never used (reference §7.2, §9).
import type { ProjectConfig } from '../config/types.ts';
import type { Statement } from '../iam/document.ts';
import { allow } from './statement.ts';

export function kmsStatement(sid: string, project: ProjectConfig, region: string, use: 'read' | 'write'): Statement[] {
  if (project.encryption.type !== 'sse-kms') return [];
  const actions = use === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
  // ViaService keeps the key usable only through S3 in the bucket's region, not directly.
  return [
    allow(sid, actions, [project.encryption.kmsKeyArn], {
      StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
    }),
  ];
}
