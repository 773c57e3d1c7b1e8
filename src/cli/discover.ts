// `stateward discover --write-config <file> --write-mapping <file> --github-org <org>`: scans the account for
// Terraform state (buckets holding *.tfstate, DynamoDB lock tables and their items) and proposes a
// stateward.yaml, checked by the config pipeline before it is written, plus the mapping `migrate --mapping` reads.
import { existsSync, writeFileSync } from 'node:fs';
import type { AwsClients } from '../aws/clients.ts';
import { parseConfig } from '../config/load.ts';
import { StatewardError } from '../errors.ts';
import { parseMapping } from '../migrate/mapping.ts';
import { type Proposal, propose } from '../migrate/propose.ts';
import { describeSource } from '../migrate/request.ts';
import type { GlobalOptions } from './global-options.ts';
import { printLine, warn } from './print.ts';

export interface DiscoverOptions extends GlobalOptions {
  writeConfig: string;
  writeMapping: string;
  githubOrg: string;
  force?: boolean;
}

export async function runDiscover(options: DiscoverOptions): Promise<void> {
  for (const file of [options.writeConfig, options.writeMapping]) {
    if (existsSync(file) && !options.force) {
      throw new StatewardError(
        'DISCOVER_FILE_EXISTS',
        `${file} already exists; nothing was written.`,
        'Pass other file names, or --force to overwrite them.',
      );
    }
  }
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new StatewardError(
      'CLI_NO_REGION',
      'discover needs a region, and none was given.',
      'Pass --region REGION or set AWS_REGION (the proposed config is for that region; buckets are found in every region).',
    );
  }
  const { account, found } = await scan(options, region);
  const proposal = propose(found.states, {
    account,
    region,
    githubOrg: options.githubOrg,
    generatedAt: new Date().toISOString(),
  });
  // Both files are read back through the pipelines that will consume them: a proposal they refuse is a bug.
  parseConfig(proposal.config, options.writeConfig);
  parseMapping(proposal.mapping, options.writeMapping);
  writeFileSync(options.writeConfig, proposal.config);
  writeFileSync(options.writeMapping, proposal.mapping);
  report(proposal, found.statewardBuckets, options);
  for (const error of found.errors) warn(`warning: ${error.resource} could not be read: ${error.message}`);
}

async function scan(options: DiscoverOptions, region: string) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [{ createAwsClients, destroyAwsClients }, { callerIdentity }, { discoverStates }] = await Promise.all([
    import('../aws/clients.ts'),
    import('../aws/identity.ts'),
    import('../aws/discover/states.ts'),
  ]);
  const open = (account: string): AwsClients =>
    createAwsClients({
      account,
      region,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    });
  // The account is known only after GetCallerIdentity; S3 calls then carry it as ExpectedBucketOwner.
  const probe = open('000000000000');
  let account: string;
  try {
    account = (await callerIdentity(probe)).account;
  } finally {
    destroyAwsClients(probe);
  }
  const clients = open(account);
  try {
    return { account, found: await discoverStates(clients, account) };
  } finally {
    destroyAwsClients(clients);
  }
}

function report(proposal: Proposal, statewardBuckets: string[], options: DiscoverOptions): void {
  printLine(`Found ${proposal.projects.length} state(s) outside stateward's buckets:`);
  for (const { name, from } of proposal.projects) {
    const extras = [
      ...(from.workspaces.length > 0 ? [`workspaces: ${from.workspaces.join(', ')}`] : []),
      ...(from.lockTable ? [`lock table ${from.lockTable}`] : []),
    ];
    printLine(
      `  ${describeSource({ kind: 's3', bucket: from.bucket, key: from.key })} -> project ${name}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`,
    );
  }
  for (const state of proposal.skipped)
    printLine(
      `  skipped s3://${state.bucket}/${state.key}: only named workspaces (${state.workspaces.join(', ')}), no default state; migrate them by hand`,
    );
  if (statewardBuckets.length > 0) printLine(`Already stateward's: ${statewardBuckets.join(', ')}.`);
  printLine(
    `Wrote ${options.writeConfig} and ${options.writeMapping}. Next: review them, \`stateward -c ${options.writeConfig} apply\`, then \`stateward -c ${options.writeConfig} migrate --mapping ${options.writeMapping}\`.`,
  );
}
