// Terraform's s3 backend as data: key layout and the requests each operation sends.
export { requestsFor } from './requests.ts';
export {
  digestItemId, goPathJoin, listPrefix, lockItemId, lockObjectKey, lockTableArn, stateObjectKey,
} from './keys.ts';
export { sseContext } from './encryption.ts';
export { RECORDED_TERRAFORM_VERSION } from './recorded.ts';
export type {
  Authorization, BackendOperation, BackendRequest, BackendTarget, ContextValue, RequestOptions, StateMissingRule,
} from './types.ts';
