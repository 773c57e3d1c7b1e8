// What `encrypt = true` (and `kms_key_id`) adds to the recorded requests.
import type { LabelledRequest } from './labelled.ts';
import type { BackendTarget, ContextValue, Encryption } from './types.ts';

/** SSE headers Terraform sends on every PutObject of the state and of the lock file (reference §5). */
export function sseContext(encryption: Encryption): Record<string, ContextValue> {
  if (encryption.type === 'sse-s3') return { 's3:x-amz-server-side-encryption': 'AES256' };
  return {
    's3:x-amz-server-side-encryption': 'aws:kms',
    's3:x-amz-server-side-encryption-aws-kms-key-id': encryption.kmsKeyArn,
  };
}

/**
 * Adds the SSE context to object writes and, for SSE-KMS, the KMS calls S3 makes for the caller (AWS docs,
 * not measurable in moto): GenerateDataKey per object write, Decrypt per object read. HeadObject returns
 * metadata only and needs no key. The encryption context is the object ARN (no S3 Bucket Key).
 */
export function withEncryption(requests: LabelledRequest[], target: BackendTarget): LabelledRequest[] {
  const { encryption } = target;
  if (encryption === undefined) return requests;
  return requests.flatMap((request) => {
    if (request.kind !== 'state' && request.kind !== 'lock') return [request];
    if (request.api === 'PutObject') {
      const written = { ...request, context: { ...request.context, ...sseContext(encryption) } };
      return encryption.type === 'sse-kms'
        ? [written, kmsRequest('GenerateDataKey', 'encrypt', written, encryption.kmsKeyArn, target)]
        : [written];
    }
    if (request.api === 'GetObject' && encryption.type === 'sse-kms') {
      return [request, kmsRequest('Decrypt', 'decrypt', request, encryption.kmsKeyArn, target)];
    }
    return [request];
  });
}

function kmsRequest(
  api: 'GenerateDataKey' | 'Decrypt',
  verb: string,
  object: LabelledRequest,
  keyArn: string,
  target: BackendTarget,
): LabelledRequest {
  return {
    kind: 'kms',
    api,
    action: `kms:${api}`,
    resource: keyArn,
    context: {
      'kms:ViaService': `s3.${target.region}.amazonaws.com`,
      'kms:EncryptionContext:aws:s3:arn': object.resource,
    },
    need: object.need,
    purpose: `${verb} ${object.kind === 'lock' ? 'lock' : 'state'}`,
  };
}
