// Formats of AWS and GitHub names, as the services define them.

export const ACCOUNT_ID = /^\d{12}$/;
/** Region shape (e.g. eu-west-1, us-gov-west-1, ap-southeast-4); not a closed list, so new regions work. */
export const REGION =
  /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;
export { KEBAB_CASE } from '../../names/naming.ts';
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
export const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9._-]{1,100}$/;
export const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|(user|role)\/([\w+=,.@-]+\/)*[\w+=,.@-]+)$/;
export const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
export const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** Terraform refuses workspace names with path separators; `*` and `?` are our wildcards. */
export const WORKSPACE_PATTERN = /^[A-Za-z0-9_.*?-]+$/;
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** S3 general-purpose bucket naming rules. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; S3 allows 3 to 63`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^xn--|^sthree-|-s3alias$|--ol-s3$/.test(name)) return 'uses a prefix or suffix that S3 reserves';
  return undefined;
}
