// The Terraform configuration and -backend-config arguments of a test project. Built-in resources only,
// so terraform never needs to download a provider.
import type { Moto } from './moto.ts';

export type Locking = 'lockfile' | 'dynamodb' | 'both' | 'none';

export interface BackendOptions {
  bucket: string;
  key: string;
  locking: Locking;
  /** Lock table for `dynamodb` / `both`; default `terraform-locks`. */
  dynamodbTable?: string;
  region?: string;
  encrypt?: boolean;
  /** Further backend settings, e.g. `{ workspace_key_prefix: 'team/ws', kms_key_id: 'arn:...' }`. */
  extra?: Record<string, string>;
}

/**
 * `terraform_data.message` carries `var.message` into `output.message`. With `var.sleep_seconds > 0` each apply
 * also replaces `terraform_data.sleep`, whose local-exec provisioner sleeps while Terraform holds the state lock.
 */
export const MAIN_TF = `terraform {
  backend "s3" {}
}

variable "message" {
  type    = string
  default = "hello"
}

variable "sleep_seconds" {
  type    = number
  default = 0
}

resource "terraform_data" "message" {
  input = var.message
}

resource "terraform_data" "sleep" {
  count            = var.sleep_seconds > 0 ? 1 : 0
  triggers_replace = [timestamp()]

  provisioner "local-exec" {
    command = "sleep \${var.sleep_seconds}"
  }
}

output "message" {
  value = terraform_data.message.output
}
`;

/** The `-backend-config` arguments for `terraform init` against moto. */
export function backendConfigArgs(moto: Moto, options: BackendOptions): string[] {
  const settings: Record<string, string> = {
    bucket: options.bucket,
    key: options.key,
    region: options.region ?? moto.env.AWS_REGION ?? 'us-east-1',
    use_path_style: 'true',
    // An HCL object literal is accepted as the value of a -backend-config key (Terraform >= 1.6).
    endpoints: `{ s3 = "${moto.endpoint}", dynamodb = "${moto.endpoint}", iam = "${moto.endpoint}", sts = "${moto.endpoint}" }`,
    skip_credentials_validation: 'true',
    skip_requesting_account_id: 'true',
    skip_metadata_api_check: 'true',
    skip_region_validation: 'true',
    ...lockingSettings(options),
    ...(options.encrypt ? { encrypt: 'true' } : {}),
    ...options.extra,
  };
  return Object.entries(settings).map(([name, value]) => `-backend-config=${name}=${value}`);
}

function lockingSettings(options: BackendOptions): Record<string, string> {
  const table = options.dynamodbTable ?? 'terraform-locks';
  switch (options.locking) {
    case 'lockfile':
      return { use_lockfile: 'true' };
    case 'dynamodb':
      return { dynamodb_table: table };
    case 'both':
      return { use_lockfile: 'true', dynamodb_table: table };
    case 'none':
      return {};
  }
}
