// Every S3 request carries ExpectedBucketOwner = the config's account, so that a bucket name taken by
// another account (S3 names are global) can never be read or written by mistake: AWS answers 403.
import type { InitializeMiddleware, Pluggable } from '@smithy/types';

export const EXPECTED_BUCKET_OWNER_MIDDLEWARE = 'statewardExpectedBucketOwner';

/**
 * Set on every command's input. The SDK serializes only the members an operation declares, so commands
 * without the parameter (ListBuckets, CreateBucket) send nothing extra, and any S3 command added later is
 * covered without a list to keep up to date. An explicit value is overwritten: stateward has no reason to
 * address another account's bucket.
 */
export function expectedBucketOwnerMiddleware<I extends object, O extends object>(
  account: string,
): InitializeMiddleware<I, O> {
  return (next) => async (args) => next({ ...args, input: { ...args.input, ExpectedBucketOwner: account } });
}

export function expectedBucketOwnerPlugin<I extends object, O extends object>(account: string): Pluggable<I, O> {
  return {
    applyToStack: (stack) =>
      stack.add(expectedBucketOwnerMiddleware<I, O>(account), {
        step: 'initialize',
        name: EXPECTED_BUCKET_OWNER_MIDDLEWARE,
        priority: 'high',
        override: true,
      }),
  };
}
