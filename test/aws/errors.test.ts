import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as S3 from '@aws-sdk/client-s3';
import { translateAwsError } from '../../src/aws/errors.ts';
import { StatewardError } from '../../src/errors.ts';
import { FAKE_ACCOUNT, fakeClients, iamError, s3Error } from './fake-transport.ts';

const edge = { account: FAKE_ACCOUNT, region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' };

/** The StatewardError a failed call turns into. */
async function translated(call: Promise<unknown>): Promise<StatewardError> {
  try {
    await call;
  } catch (error) {
    return translateAwsError(error, edge);
  }
  throw new Error('expected the call to fail');
}

describe('AWS error translation', () => {
  it('AccessDenied names the IAM action (not the API name) and the resource, and says what to grant', async () => {
    const { clients } = fakeClients(() => s3Error(403, 'AccessDenied', 'Access Denied'));
    const error = await translated(
      clients.s3.send(new S3.GetBucketLifecycleConfigurationCommand({ Bucket: 'tfstate-a-111122223333' })),
    );
    assert.equal(error.code, 'AWS_ACCESS_DENIED');
    assert.match(error.message, /s3:GetLifecycleConfiguration on arn:aws:s3:::tfstate-a-111122223333/);
    assert.match(error.fix, /Grant .* s3:GetLifecycleConfiguration on arn:aws:s3:::tfstate-a-111122223333/);
  });

  it('a bare 403 from S3 (HEAD has no body) is access denied, and the message mentions a bucket of another account', async () => {
    const { clients } = fakeClients(() => ({ status: 403 }));
    const error = await translated(clients.s3.send(new S3.HeadBucketCommand({ Bucket: 'tfstate-a-111122223333' })));
    assert.equal(error.code, 'AWS_ACCESS_DENIED');
    assert.match(error.message, /s3:ListBucket on arn:aws:s3:::tfstate-a-111122223333/);
    assert.match(error.message, /another account than 111122223333/);
  });

  it('IAM AccessDenied names the role ARN', async () => {
    const { clients } = fakeClients(() =>
      iamError(403, 'AccessDenied', 'User: x is not authorized to perform: iam:GetRole'),
    );
    const error = await translated(clients.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-a' })));
    assert.equal(error.code, 'AWS_ACCESS_DENIED');
    assert.match(error.message, /iam:GetRole on arn:aws:iam::111122223333:role\/tf-a/);
  });

  it('distinguishes expired tokens, bad keys, missing buckets, taken bucket names and other errors', async () => {
    const cases: Array<[ReturnType<typeof s3Error>, string]> = [
      [s3Error(400, 'ExpiredToken', 'The provided token has expired.'), 'AWS_EXPIRED_TOKEN'],
      [s3Error(403, 'InvalidAccessKeyId', 'no such key'), 'AWS_INVALID_CREDENTIALS'],
      [s3Error(404, 'NoSuchBucket', 'gone'), 'AWS_NO_SUCH_BUCKET'],
      [s3Error(409, 'BucketAlreadyExists', 'taken'), 'AWS_BUCKET_NAME_TAKEN'],
      [s3Error(400, 'InvalidArgument', 'bad'), 'AWS_REQUEST_FAILED'],
    ];
    for (const [response, code] of cases) {
      const { clients } = fakeClients(() => response);
      const error = await translated(
        clients.s3.send(new S3.GetBucketVersioningCommand({ Bucket: 'tfstate-a-111122223333' })),
      );
      assert.equal(error.code, code, `${response.body} -> ${error.code}: ${error.message}`);
      assert.ok(error.fix.length > 0);
    }
  });

  it('throttling that outlasts the retries says how many attempts were made and to lower --concurrency', async () => {
    const { clients, requests } = fakeClients(() => iamError(400, 'Throttling', 'Rate exceeded'), 2);
    const error = await translated(clients.iam.send(new IAM.GetRoleCommand({ RoleName: 'tf-a' })));
    assert.equal(requests.length, 2);
    assert.equal(error.code, 'AWS_THROTTLED');
    assert.match(error.message, /iam:GetRole .* after 2 attempts/);
    assert.match(error.fix, /--concurrency/);
  });

  it('a refused connection is an unreachable endpoint, naming it', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const { clients } = fakeClients(() => refused);
    const error = await translated(clients.s3.send(new S3.ListBucketsCommand({})));
    assert.equal(error.code, 'AWS_ENDPOINT_UNREACHABLE');
    assert.match(error.message, /http:\/\/127\.0\.0\.1:9/);
  });

  it('no credentials from the chain is its own error, with how to provide them', () => {
    const error = translateAwsError(
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      edge,
    );
    assert.equal(error.code, 'AWS_NO_CREDENTIALS');
    assert.match(error.fix, /--profile/);
  });

  it('an expired SSO session is an expired token, not missing credentials', () => {
    const error = translateAwsError(
      Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), {
        name: 'CredentialsProviderError',
      }),
      edge,
    );
    assert.equal(error.code, 'AWS_EXPIRED_TOKEN');
  });

  it('a trust policy naming a user that does not exist tells to create the humans first', async () => {
    const { clients } = fakeClients(() =>
      iamError(
        400,
        'MalformedPolicyDocument',
        'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/alice"',
      ),
    );
    const error = await translated(
      clients.iam.send(new IAM.CreateRoleCommand({ RoleName: 'tf-a', AssumeRolePolicyDocument: '{}' })),
    );
    assert.equal(error.code, 'AWS_INVALID_PRINCIPAL');
    assert.match(error.fix, /humans/);
  });

  it('a StatewardError passes through unchanged, and a plain bug is not dressed up as an AWS error', () => {
    const own = new StatewardError('X', 'y', 'z');
    assert.equal(translateAwsError(own, edge), own);
    assert.equal(translateAwsError(new TypeError('oops'), edge).code, 'UNEXPECTED_ERROR');
  });
});
