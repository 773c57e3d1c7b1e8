// Terraform's s3 backend as data: key layout and the requests each operation sends.

export { sseContext } from './encryption.ts';
export {
  digestItemId,
  goPathJoin,
  listPrefix,
  lockItemId,
  lockObjectKey,
  lockTableArn,
  stateObjectKey,
} from './keys.ts';
export { RECORDED_TERRAFORM_VERSION } from './recorded.ts';
export { requestsFor } from './requests.ts';
export type {
  Authorization,
  BackendOperation,
  BackendRequest,
  BackendTarget,
  ContextValue,
  RequestOptions,
  StateMissingRule,
} from './types.ts';
