// Records what Terraform's s3 backend really sends, and writes it to
// test/backend/reference/terraform-s3-backend-requests.json, the reference test/backend and test/policy compare
// stateward against. Real terraform (on PATH) runs the commands of scripts/reference/scenario.ts against moto
// (moto_server on PATH), through a proxy that writes down each request and moto's answer; each request is
// stored as IAM sees it (API, action, resource, condition context, status).
//
// Usage: node --import tsx scripts/record-terraform-reference.ts
// Takes a few minutes; rerun it when the Terraform version the project supports changes, and commit the result.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsClients, createBucket, createLockTable } from '../test/support/aws.ts';
import { type Moto, startMoto } from '../test/support/moto.ts';
import { startRecordingProxy } from '../test/support/recording-proxy.ts';
import { type Locking, terraformProject } from '../test/support/terraform.ts';
import { classify, type ReferenceRequest } from './reference/classify.ts';
import { consumerConfig, type ScenarioContext, STEPS } from './reference/scenario.ts';

const OUTPUT = fileURLToPath(new URL('../test/backend/reference/terraform-s3-backend-requests.json', import.meta.url));
const META = { bucket: 'tfstate', key: 'proj/app/terraform.tfstate', dynamodbTable: 'locks', region: 'us-east-1' };
const ACCOUNT_PLACEHOLDER = '{account}';
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-44cd-a6ef-1234567890ab';

interface Mode {
  locking: Locking;
  encrypt?: boolean;
  extra?: Record<string, string>;
}

// The three lock modes, and the settings that change what is sent: a custom and an empty workspace_key_prefix,
// SSE-S3 and SSE-KMS headers.
const MODES: Record<string, Mode> = {
  lockfile: { locking: 'lockfile' },
  dynamodb: { locking: 'dynamodb' },
  both: { locking: 'both' },
  both_encrypt: { locking: 'both', encrypt: true },
  lockfile_kms: { locking: 'lockfile', encrypt: true, extra: { kms_key_id: KMS_KEY } },
  lockfile_prefix: { locking: 'lockfile', extra: { workspace_key_prefix: 'team/ws' } },
  lockfile_emptyprefix: { locking: 'lockfile', extra: { workspace_key_prefix: '' } },
};

interface RecordedCommand {
  exitCode: number;
  requests: ReferenceRequest[];
}

async function main(): Promise<void> {
  const moto = await startMoto();
  const proxy = await startRecordingProxy(moto.endpoint);
  const viaProxy: Moto = { ...moto, endpoint: proxy.endpoint, env: redirect(moto.env, moto.endpoint, proxy.endpoint) };
  const modes: Record<
    string,
    { backend: Record<string, string | boolean>; commands: Record<string, RecordedCommand> }
  > = {};
  try {
    for (const [name, mode] of Object.entries(MODES)) {
      process.stderr.write(`recording ${name} `);
      await freshAccount(moto, mode);
      const project = terraformProject({ moto: viaProxy, ...META, ...mode });
      const consumer = terraformProject({ moto: viaProxy, ...META, ...mode });
      writeFileSync(`${consumer.dir}/main.tf`, consumerConfig(backendSettings(project.backendConfig)));
      const context: ScenarioContext = { project, consumer: (args) => consumer.run(args) };
      const commands: Record<string, RecordedCommand> = {};
      try {
        for (const step of STEPS) {
          proxy.take();
          const result = await step.run(context);
          if (result.code !== 0)
            throw new Error(`${name}/${step.name} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
          const place = { region: META.region, account: ACCOUNT_PLACEHOLDER };
          const requests = proxy.take().map((exchange) => classify(exchange, place));
          if (step.kept) commands[step.name] = { exitCode: result.code, requests };
          process.stderr.write('.');
        }
      } finally {
        await project.cleanup();
        await consumer.cleanup();
      }
      modes[name] = { backend: backendOf(mode), commands };
      process.stderr.write('\n');
    }
  } finally {
    await proxy.stop();
    await moto.stop();
  }
  const meta = {
    terraform: toolVersion('terraform', ['version', '-json'], (out) => JSON.parse(out).terraform_version),
    emulator: `moto ${toolVersion('python3', ['-c', 'import moto; print(moto.__version__)'], (out) => out.trim())} (server mode, behind a recording proxy)`,
    ...META,
    accountPlaceholder: ACCOUNT_PLACEHOLDER,
  };
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, render(meta, modes));
  process.stderr.write(`wrote ${OUTPUT}\n`);
}

async function freshAccount(moto: Moto, mode: Mode): Promise<void> {
  await moto.reset();
  const clients = awsClients(moto, undefined, META.region);
  await createBucket(clients.s3, META.bucket);
  if (mode.locking === 'dynamodb' || mode.locking === 'both')
    await createLockTable(clients.dynamodb, META.dynamodbTable);
}

function redirect(env: Record<string, string>, from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value === from ? to : value]));
}

/** `-backend-config=name=value` arguments as the settings of a terraform_remote_state `config`. */
function backendSettings(args: string[]): Record<string, string> {
  return Object.fromEntries(
    args.map((arg) => {
      const setting = arg.slice('-backend-config='.length);
      const at = setting.indexOf('=');
      return [setting.slice(0, at), setting.slice(at + 1)];
    }),
  );
}

/** The backend settings that differ between modes, as a `backend "s3"` block would write them. */
function backendOf(mode: Mode): Record<string, string | boolean> {
  const backend: Record<string, string | boolean> = {};
  if (mode.locking === 'lockfile' || mode.locking === 'both') backend.use_lockfile = true;
  if (mode.locking === 'dynamodb' || mode.locking === 'both') backend.dynamodb_table = META.dynamodbTable;
  if (mode.encrypt) backend.encrypt = true;
  return { ...backend, ...mode.extra };
}

function toolVersion(command: string, args: string[], parse: (stdout: string) => string): string {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  return parse(run.stdout);
}

/** JSON with one request per line: small to read in a diff. */
function render(meta: object, modes: Record<string, { backend: object; commands: Record<string, RecordedCommand> }>) {
  const head = JSON.stringify({ meta }, null, 2).replace(/\n}$/, '');
  const body = Object.entries(modes).map(([mode, { backend, commands }]) => {
    const lines = Object.entries(commands).map(([command, { exitCode, requests }]) => {
      const list = requests.map((r) => `          ${JSON.stringify(r)}`).join(',\n');
      return `        ${JSON.stringify(command)}: {\n          "exitCode": ${exitCode},\n          "requests": [\n${list}\n          ]\n        }`;
    });
    return `    ${JSON.stringify(mode)}: {\n      "backend": ${JSON.stringify(backend)},\n      "commands": {\n${lines.join(',\n')}\n      }\n    }`;
  });
  return `${head},\n  "modes": {\n${body.join(',\n')}\n  }\n}\n`;
}

await main();
