// Policy documents as AWS returns them: IAM sends them URL-encoded (RFC 3986), S3 and DynamoDB plain JSON.
import { StatewardError } from '../errors.ts';
import type { PolicyDocument } from '../iam/document.ts';

/** An IAM policy or trust document from GetRole, GetRolePolicy or GetPolicyVersion. */
export function parseIamDocument(text: string | undefined, what: string): PolicyDocument {
  if (text === undefined || text === '') throw unreadable(what, 'AWS returned no document');
  // Already-decoded text (some emulators and proxies) starts with "{"; encoded text never does.
  const json = text.trimStart().startsWith('{') ? text : safeDecode(text, what);
  return parseJson(json, what);
}

/** A resource policy as S3 (GetBucketPolicy) and DynamoDB (GetResourcePolicy) return it: plain JSON. */
export function parseResourcePolicy(text: string | undefined, what: string): PolicyDocument {
  if (text === undefined || text === '') throw unreadable(what, 'AWS returned an empty policy');
  return parseJson(text, what);
}

function safeDecode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    throw unreadable(what, `not URL-encoded JSON (${(error as Error).message})`);
  }
}

function parseJson(json: string, what: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw unreadable(what, (error as Error).message);
  }
  if (typeof value !== 'object' || value === null || !('Statement' in value)) throw unreadable(what, 'no Statement');
  const document = value as PolicyDocument & { Statement: unknown };
  // A single statement may be written as an object; the rest of stateward expects a list.
  return {
    ...document,
    Statement: Array.isArray(document.Statement)
      ? document.Statement
      : [document.Statement as PolicyDocument['Statement'][number]],
  };
}

function unreadable(what: string, reason: string): StatewardError {
  return new StatewardError(
    'AWS_UNREADABLE_POLICY',
    `The live ${what} is not a policy document stateward can read: ${reason}.`,
    `Look at it in the AWS console or CLI and fix or remove it; stateward will then plan to write the one it wants.`,
  );
}
