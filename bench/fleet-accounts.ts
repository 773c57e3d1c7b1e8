// The multi-account fleet (seed 002): N projects whose state lives in the administrative account and whose
// deploy roles live in two environment accounts, staging and production, on one moto (without enforcement
// moto hands out credentials in any account to whoever assumes a role there: docs/moto-notes.md, b).
import { readFileSync, writeFileSync } from 'node:fs';
import * as IAM from '@aws-sdk/client-iam';
import { writeConfig } from '../test/aws/e2e-cli.ts';
import { awsClients } from '../test/support/aws.ts';
import { startMoto } from '../test/support/moto.ts';
import { type Fleet, fleetProjects, HUMANS } from './fleet.ts';

export const ENVIRONMENT_ACCOUNTS = { staging: '222233334444', production: '333344445555' } as const;
/** The administrative account and the environment accounts. */
export const ACCOUNT_COUNT = 1 + Object.keys(ENVIRONMENT_ACCOUNTS).length;

export async function startAccountsFleet(size: number): Promise<Fleet> {
  const moto = await startMoto();
  const { iam } = awsClients(moto);
  for (const UserName of HUMANS) await iam.send(new IAM.CreateUserCommand({ UserName }));
  const projects = fleetProjects(size);
  const config = writeConfig(projects, { humans: HUMANS });
  const names = Object.keys(ENVIRONMENT_ACCOUNTS);
  const text = readFileSync(config, 'utf8')
    .replace(
      /^projects:$/m,
      [
        'environments:',
        ...Object.entries(ENVIRONMENT_ACCOUNTS).map(([name, account]) => `  ${name}: { account: "${account}" }`),
        'projects:',
      ].join('\n'),
    )
    .replace(/^( {2}- name: .+)$/gm, `$1\n    environments: { ${names.map((n) => `${n}: {}`).join(', ')} }`);
  writeFileSync(config, text);
  return { size, moto, config, dynamodbProjects: projects.filter((p) => p.locking === 'dynamodb').length };
}

/** BENCH_ACCOUNT_FLEETS=100 (the default): the multi-account fleets, compared with the single-account ones. */
export function accountFleetSizes(value = process.env.BENCH_ACCOUNT_FLEETS): number[] {
  if (value === '' || value === '0') return [];
  const sizes = (value ?? '100').split(',').map((part) => Number(part.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_ACCOUNT_FLEETS must be a comma-separated list of project counts, or 0 (got "${value}")`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}
