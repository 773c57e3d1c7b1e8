// Turns the recorded Terraform s3-backend traffic (test/backend/reference/terraform-s3-backend-requests.json,
// written by scripts/record-terraform-reference.ts) into src/backend/recorded-requests.json: only the commands stateward models,
// with the reference's bucket, key, workspace, table, region and account replaced by placeholders.
// Any request shape it does not recognise stops the extraction, so a new reference cannot slip in half-read.
//
// Usage: node scripts/extract-backend-requests.mjs            write the data file
//        node scripts/extract-backend-requests.mjs --stdout   print it instead
//        node scripts/extract-backend-requests.mjs --check    exit 1 when the committed file is out of date
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const REFERENCE = `${root}test/backend/reference/terraform-s3-backend-requests.json`;
const OUTPUT = `${root}src/backend/recorded-requests.json`;

const MODES = ['lockfile', 'dynamodb', 'both'];
// The reference's own workspace runs use workspace "X" under the default prefix "env:".
const RECORDED_WORKSPACE = 'X';
const RECORDED_PREFIX = 'env:';
// command -> the workspace it ran in; its state and lock keys must all belong to that workspace.
const COMMANDS = {
  output: 'default',
  init_fresh_empty: 'default',
  plan: 'default',
  plan_no_state: 'default',
  apply_update: 'default',
  apply_create: 'default',
  force_unlock: 'default',
  workspace_new: RECORDED_WORKSPACE,
  workspace_delete_force: RECORDED_WORKSPACE,
};
const KNOWN_CONTEXT = new Set([
  's3:prefix',
  's3:max-keys',
  's3:if-none-match',
  'dynamodb:LeadingKeys',
  'dynamodb:Attributes',
]);

const PLACEHOLDERS = {
  '{bucket}': 'state bucket',
  '{stateKey}':
    'object key of the state: the backend key, or path.Join(workspace_key_prefix, workspace, key) outside the default workspace',
  '{listPrefix}': "'<workspace_key_prefix>/', or '' when the prefix is empty",
  '{table}': 'DynamoDB lock table',
  '{region}': 'AWS region',
  '{account}': 'AWS account id',
};

function fail(message) {
  throw new Error(`extract-backend-requests: ${message}`);
}

function makeTemplater(meta, workspace) {
  const recordedKey = workspace === 'default' ? meta.key : `${RECORDED_PREFIX}/${workspace}/${meta.key}`;
  const tableArn = `arn:aws:dynamodb:${meta.region}:${meta.accountPlaceholder}:table/${meta.dynamodbTable}`;

  function stateKey(key, suffixes) {
    const suffix = suffixes.find((s) => `${recordedKey}${s}` === key);
    if (suffix !== undefined) return `{stateKey}${suffix}`;
    return fail(`unexpected key ${JSON.stringify(key)}`);
  }

  function resource(arn) {
    const bucketArn = `arn:aws:s3:::${meta.bucket}`;
    if (arn === bucketArn) return 'arn:aws:s3:::{bucket}';
    if (arn.startsWith(`${bucketArn}/`))
      return `arn:aws:s3:::{bucket}/${stateKey(arn.slice(bucketArn.length + 1), ['', '.tflock'])}`;
    if (arn === tableArn) return 'arn:aws:dynamodb:{region}:{account}:table/{table}';
    return fail(`unexpected resource ${arn}`);
  }

  function leadingKey(id) {
    if (!id.startsWith(`${meta.bucket}/`)) fail(`unexpected LockID ${id}`);
    return `{bucket}/${stateKey(id.slice(meta.bucket.length + 1), ['', '-md5'])}`;
  }

  function context(condition = {}) {
    const out = {};
    for (const [name, value] of Object.entries(condition)) {
      if (!KNOWN_CONTEXT.has(name)) fail(`unexpected condition key ${name}`);
      if (name === 's3:prefix') {
        if (value !== `${RECORDED_PREFIX}/`) fail(`unexpected list prefix ${value}`);
        out[name] = '{listPrefix}';
      } else if (name === 'dynamodb:LeadingKeys') {
        out[name] = value.map(leadingKey);
      } else {
        out[name] = value;
      }
    }
    return out;
  }

  return (request) => ({
    api: request.api,
    action: request.iamAction,
    resource: resource(request.resource),
    context: context(request.condition),
    status: request.status,
  });
}

export function extract(reference) {
  const modes = {};
  for (const mode of MODES) {
    modes[mode] = {};
    for (const [command, workspace] of Object.entries(COMMANDS)) {
      const template = makeTemplater(reference.meta, workspace);
      const recorded =
        reference.modes[mode]?.commands[command] ?? fail(`${mode}/${command} missing from the reference`);
      if (recorded.exitCode !== 0) fail(`${mode}/${command} exited ${recorded.exitCode} in the reference`);
      modes[mode][command] = recorded.requests.map(template);
    }
  }
  return { terraform: reference.meta.terraform, emulator: reference.meta.emulator, placeholders: PLACEHOLDERS, modes };
}

/** JSON with one request per line: small to read in a diff, stable for the up-to-date check. */
export function render(data) {
  const head = JSON.stringify({ ...data, modes: undefined }, null, 2).replace(/\n}$/, '');
  const modes = Object.entries(data.modes).map(([mode, commands]) => {
    const body = Object.entries(commands).map(([command, requests]) => {
      const lines = requests.map((r) => `        ${JSON.stringify(r)}`).join(',\n');
      return `      ${JSON.stringify(command)}: [\n${lines}\n      ]`;
    });
    return `    ${JSON.stringify(mode)}: {\n${body.join(',\n')}\n    }`;
  });
  return `${head},\n  "modes": {\n${modes.join(',\n')}\n  }\n}\n`;
}

function main(argv) {
  if (!existsSync(REFERENCE)) {
    console.error(
      `extract-backend-requests: ${REFERENCE} not found; record it with node --import tsx scripts/record-terraform-reference.ts`,
    );
    return 2;
  }
  const text = render(extract(JSON.parse(readFileSync(REFERENCE, 'utf8'))));
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
  } else if (argv.includes('--check')) {
    if (!existsSync(OUTPUT) || readFileSync(OUTPUT, 'utf8') !== text) {
      console.error(
        'extract-backend-requests: src/backend/recorded-requests.json is out of date; run node scripts/extract-backend-requests.mjs',
      );
      return 1;
    }
  } else {
    writeFileSync(OUTPUT, text);
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
