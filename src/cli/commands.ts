// Registers every command. Actions import their implementation lazily, so start-up loads only commander.
import { Option, type Command } from '@commander-js/extra-typings';

export const DEFAULT_CONFIG = 'stateward.yaml';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  config: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  color: boolean;
  quiet?: boolean;
}

/** A command's own options merged with the program's; commander types only the former. */
const withGlobals = <T>(cmd: { optsWithGlobals(): unknown }): T & GlobalOptions => cmd.optsWithGlobals() as T & GlobalOptions;

export function registerCommands(program: Command): void {
  program
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('--profile <name>', 'AWS profile from the shared config files')
    .option('--region <region>', 'AWS region for API calls (default: the config\'s region)')
    .option('--endpoint-url <url>', 'AWS-compatible endpoint, e.g. a local emulator (also AWS_ENDPOINT_URL)')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'print only errors and requested data');

  program
    .command('validate')
    .description('check the config: shape, naming and semantic rules (exit 1 when invalid)')
    .action(async (_opts, cmd) => (await import('./validate.ts')).runValidate(withGlobals(cmd)));

  program
    .command('schema')
    .description('print the JSON Schema of stateward.yaml, for editors')
    .action(async () => (await import('./schema.ts')).runSchema());

  program
    .command('policy')
    .description('print the generated IAM and bucket policy documents, with their size against quotas')
    .option('-p, --project <name>', 'only this project')
    .addOption(new Option('-k, --kind <kind>', 'only this kind of document').choices(['trust', 'permissions', 'bucket', 'humans', 'lock-table'] as const))
    .option('--json', 'versioned JSON output')
    .action(async (opts, cmd) => (await import('./policy.ts')).runPolicy(withGlobals<typeof opts>(cmd)));

  program
    .command('verify')
    .description('prove by policy evaluation who can do which backend operation on which state (exit 2 on a violation)')
    .option('-p, --project <name>', 'only this project')
    .option('--live', 'evaluate the policies in the account (read-only) instead of the generated ones')
    .option('--json', 'versioned JSON output')
    .option('--explain', 'print the deciding statement of every cell')
    .action(async (opts, cmd) => (await import('./verify.ts')).runVerify(withGlobals<typeof opts>(cmd)));

  program
    .command('plan')
    .description('show the changes apply would make to the live account (--offline: against an empty account, no credentials)')
    .option('--offline', 'plan against an empty account; needs no credentials')
    .option('--json', 'versioned JSON output')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('-p, --project <name>', "only this project (and the shared resources it needs)")
    .action(async (opts, cmd) => (await import('./plan.ts')).runPlan(withGlobals<typeof opts>(cmd)));

  program
    .command('apply')
    .description('make the account match the config; never deletes; asks before changes that broaden access')
    .option('--auto-approve', 'apply changes that broaden access without asking')
    .option('--concurrency <n>', 'AWS changes in flight at once (default 4)')
    .option('-p, --project <name>', "only this project (and the shared resources it needs)")
    .action(async (opts, cmd) => (await import('./apply.ts')).runApply(withGlobals<typeof opts>(cmd)));

  program
    .command('destroy')
    .description("remove one project's state bucket and role; refuses while state exists unless --force")
    .requiredOption('-p, --project <name>', 'the project to remove')
    .option('--force', 'first delete every object version and delete marker in the bucket')
    .action(async (opts, cmd) => (await import('./destroy.ts')).runDestroy(withGlobals<typeof opts>(cmd)));

  program
    .command('scaffold')
    .description("write the consuming repo's files: backend.tf, CI workflow, aws-vault profile, pre-commit (and Terragrunt root)")
    .requiredOption('-p, --project <name>', 'the project whose repo this is')
    .requiredOption('-o, --out <dir>', 'directory to write into (the repo root)')
    .option('--terragrunt', 'also write terragrunt/root.hcl')
    .addOption(new Option('--tool <tool>', 'the binary the repo runs').choices(['terraform', 'tofu'] as const).default('terraform' as const))
    .option('--branch <name>', 'default branch: the workflow applies on pushes to it', 'main')
    .option('--force', 'overwrite files that already exist')
    .action(async (opts, cmd) => (await import('./scaffold.ts')).runScaffold(withGlobals<typeof opts>(cmd)));
}
