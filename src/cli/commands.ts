// Registers every command. Actions import their implementation lazily, so start-up loads only commander.
import { Argument, type Command, Option } from '@commander-js/extra-typings';
import { resolveConfigPath } from './config-path.ts';
import type { GlobalOptions } from './global-options.ts';

/**
 * The program's options, overridden by the command's own (including global options given after the
 * command name). Commander's optsWithGlobals lets the program's defaults win instead.
 */
function withGlobals<T>(cmd: {
  parent: { opts(): object } | null;
  opts(): object;
  getOptionValueSource(key: string): string | undefined;
}): T & GlobalOptions {
  const merged: Record<string, unknown> = { ...(cmd.parent?.opts() ?? {}) };
  for (const [key, value] of Object.entries(cmd.opts())) {
    if (value !== undefined && (cmd.getOptionValueSource(key) !== 'default' || !(key in merged))) merged[key] = value;
  }
  const config = resolveConfigPath(merged.config as string | undefined);
  merged.config = config.path;
  merged.configGiven = config.source === 'option' || config.source === 'env';
  return merged as T & GlobalOptions;
}

/** The one approval vocabulary of the commands that write (see src/cli/approval.ts): --yes is an alias. */
const APPROVE = '--auto-approve';
const YES = ['-y, --yes', 'the same as --auto-approve'] as const;

type GlobalOptionTarget = { option(flags: string, description: string, defaultValue?: string): unknown };

/** The global options, without defaults, so a command accepts them after its name too (`plan -c x.yaml`). */
function addGlobalOptions(cmd: GlobalOptionTarget): void {
  cmd.option(
    '-c, --config <file>',
    'config file (default: $STATEWARD_CONFIG, else the nearest stateward.yaml here or in a parent directory)',
  );
  cmd.option('--profile <name>', 'AWS profile from the shared config files');
  cmd.option(
    '--region <region>',
    "AWS region; with a config it may only repeat the config's region (audit without a config needs it)",
  );
  cmd.option('--endpoint-url <url>', 'AWS-compatible endpoint, e.g. a local emulator (also AWS_ENDPOINT_URL)');
  cmd.option('--no-color', 'no colours (also NO_COLOR)');
  cmd.option('-q, --quiet', 'print only errors and requested data');
  cmd.option('--stats', 'print the AWS calls the command made (per operation, with retries and errors) to stderr');
  cmd.option('--stats-json <file>', 'write the AWS call figures of --stats as JSON to a file');
}

export function registerCommands(program: Command): void {
  // Positional options: the program's options (and its --version) apply before the command name, each
  // command's own after it, so `restore --version V` names a state version instead of printing stateward's.
  program.enablePositionalOptions();
  addGlobalOptions(program);

  program
    .command('validate')
    .description('check the config: shape, naming and semantic rules (exit 1 when invalid)')
    .option('--json', 'versioned JSON output: valid or not, with every error (code, message, fix, location)')
    .action(async (opts, cmd) => (await import('./validate.ts')).runValidate(withGlobals<typeof opts>(cmd)));

  program
    .command('schema')
    .description('print the JSON Schema of stateward.yaml, for editors')
    .action(async () => (await import('./schema.ts')).runSchema());

  program
    .command('policy')
    .description('print the generated IAM and bucket policy documents, with their size against quotas')
    .option('-p, --project <name>', 'only this project')
    .addOption(
      new Option('-k, --kind <kind>', 'only this kind of document').choices([
        'trust',
        'permissions',
        'plan-trust',
        'plan-permissions',
        'bucket',
        'humans',
        'lock-table',
        'boundary',
        'scp',
      ] as const),
    )
    .option('--json', 'versioned JSON output')
    .action(async (opts, cmd) => (await import('./policy.ts')).runPolicy(withGlobals<typeof opts>(cmd)));

  program
    .command('verify')
    .description('prove by policy evaluation who can do which backend operation on which state (exit 2 on a violation)')
    .option('-p, --project <name>', 'only this project')
    .option('--live', 'evaluate the policies in the account (read-only) instead of the generated ones')
    .option('--json', 'versioned JSON output')
    .option('--explain', 'print the deciding statement of every cell')
    .option(
      '--all-pairs',
      "evaluate every role against every other project's state, not only those a statement connects (slow on large fleets)",
    )
    .action(async (opts, cmd) => (await import('./verify.ts')).runVerify(withGlobals<typeof opts>(cmd)));

  program
    .command('plan')
    .description(
      'show the changes apply would make to the live account (--offline: against an empty account, no credentials)',
    )
    .option('--offline', 'plan against an empty account; needs no credentials')
    .option('--json', 'versioned JSON output')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('--full', 'every change with its reason and whole policy documents (default: one line per change)')
    .option('-p, --project <name>', 'only this project (and the shared resources it needs)')
    .action(async (opts, cmd) => (await import('./plan.ts')).runPlan(withGlobals<typeof opts>(cmd)));

  program
    .command('apply')
    .description('make the account match the config; never deletes; asks before changes that broaden access')
    .option(APPROVE, 'apply changes that broaden access without asking (needed when stdin is not a terminal)')
    .option(...YES)
    .option('--concurrency <n>', 'AWS changes in flight at once, all services together (default: 16 on S3, 8 on IAM)')
    .option('--full', 'show the plan with every reason and whole policy documents')
    .option('-p, --project <name>', 'only this project (and the shared resources it needs)')
    .action(async (opts, cmd) => (await import('./apply.ts')).runApply(withGlobals<typeof opts>(cmd)));

  program
    .command('destroy')
    .description(
      "remove one project's state bucket and role; shows what it deletes and asks for the project's name; refuses while state exists unless --force",
    )
    .requiredOption('-p, --project <name>', 'the project to remove')
    .option('--force', 'first delete every object version and delete marker in the bucket')
    .option(APPROVE, 'delete without asking (needed when stdin is not a terminal)')
    .option(...YES)
    .action(async (opts, cmd) => (await import('./destroy.ts')).runDestroy(withGlobals<typeof opts>(cmd)));

  program
    .command('scaffold')
    .description(
      "write the consuming repo's files: backend.tf, CI workflow, aws-vault profile, pre-commit (and Terragrunt root)",
    )
    .requiredOption('-p, --project <name>', 'the project whose repo this is')
    .requiredOption('-o, --out <dir>', 'directory to write into (the repo root)')
    .option('--terragrunt', 'also write terragrunt/root.hcl')
    .addOption(
      new Option('--tool <tool>', 'the binary the repo runs')
        .choices(['terraform', 'tofu'] as const)
        .default('terraform' as const),
    )
    .option(
      '--branch <name>',
      "default branch: the workflow applies on pushes to it (default: the project's defaultBranch)",
    )
    .option('--force', 'overwrite files that already exist')
    .action(async (opts, cmd) => (await import('./scaffold.ts')).runScaffold(withGlobals<typeof opts>(cmd)));

  program
    .command('audit')
    .description(
      'check the live account against the pattern: state buckets (tfstate-* and any holding *.tfstate), tf-* roles, tf-operators, locks; and the config when there is one (exit 2 on findings at or above --fail-on)',
    )
    .option('--json', 'versioned JSON output')
    .option('--sarif', 'SARIF 2.1.0 output, for GitHub code scanning')
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that makes the exit code 2')
        .choices(['low', 'medium', 'high'] as const)
        .default('high' as const),
    )
    .action(async (opts, cmd) => (await import('./audit.ts')).runAudit(withGlobals<typeof opts>(cmd)));

  // Day-2 state operations. Each description says who may run it: the bucket fence lets only tf-<project>,
  // its readers and the config's `admins` touch state objects.
  program
    .command('locks')
    .description(
      'list held terraform locks (.tflock objects and DynamoDB lock items) with holder and age; needs an `admins` principal, or tf-<project> with --project',
    )
    .option('-p, --project <name>', 'only this project')
    .option('--stale <duration>', 'only locks at least this old, e.g. 2h, 30m, 1d')
    .option('--json', 'versioned JSON output')
    .action(async (opts, cmd) => (await import('./locks.ts')).runLocks(withGlobals<typeof opts>(cmd)));

  program
    .command('unlock')
    .description(
      'remove a stale terraform lock, only if its ID matches (every store of the lock mode); needs tf-<project> or an `admins` principal',
    )
    .requiredOption('-p, --project <name>', 'the project whose state is locked')
    .option('-w, --workspace <name>', 'terraform workspace (default: default)')
    .option('--key <key>', "backend key (default: the project's <name>/terraform.tfstate)")
    .requiredOption('--id <lock-id>', 'the lock ID, as `stateward locks` or terraform shows it')
    .option(APPROVE, 'remove the lock without asking (needed when stdin is not a terminal)')
    .option(...YES)
    .action(async (opts, cmd) => (await import('./unlock.ts')).runUnlock(withGlobals<typeof opts>(cmd)));

  program
    .command('history')
    .description(
      "list the state object's versions, newest first, with serial, lineage, terraform version and resource count; needs an `admins` principal (versioned reads)",
    )
    .requiredOption('-p, --project <name>', 'the project')
    .option('-w, --workspace <name>', 'terraform workspace (default: default)')
    .option('--key <key>', "backend key (default: the project's <name>/terraform.tfstate)")
    .option('--limit <n>', 'only the newest N versions')
    .option('--json', 'versioned JSON output')
    .action(async (opts, cmd) => (await import('./history.ts')).runHistory(withGlobals<typeof opts>(cmd)));

  program
    .command('diff')
    .description(
      'resources added, removed and changed, and outputs changed, between two state versions (sensitive values masked); needs an `admins` principal (versioned reads)',
    )
    .argument('<from>', 'version id, `current`, or -N (N versions before current)')
    .argument('[to]', 'version id, `current` (default) or -N')
    .requiredOption('-p, --project <name>', 'the project')
    .option('-w, --workspace <name>', 'terraform workspace (default: default)')
    .option('--key <key>', "backend key (default: the project's <name>/terraform.tfstate)")
    .option('--json', 'versioned JSON output')
    .action(async (from, to, opts, cmd) =>
      (await import('./diff.ts')).runDiff(from, to, withGlobals<typeof opts>(cmd)),
    );

  program
    .command('restore')
    .description(
      "make an old state version current again, under terraform's own lock, serial bumped; never deletes a version; needs an `admins` principal",
    )
    .requiredOption('-p, --project <name>', 'the project')
    .option('-w, --workspace <name>', 'terraform workspace (default: default)')
    .option('--key <key>', "backend key (default: the project's <name>/terraform.tfstate)")
    .requiredOption('--version <ref>', 'version id, or -N (N versions before current)')
    .option(APPROVE, 'restore without asking (needed when stdin is not a terminal)')
    .option(...YES)
    .option('--force-lineage', 'allow a version of another lineage (a different state)')
    .action(async (opts, cmd) => (await import('./restore.ts')).runRestore(withGlobals<typeof opts>(cmd)));

  program
    .command('migrate')
    .description(
      "copy existing state (an old backend's s3://bucket/key, its workspaces, or a local terraform.tfstate) into projects' buckets, under terraform's own locks; never changes the source; asks first",
    )
    .option('--from <source>', 's3://<bucket>/<key> of the old backend, or the path of a local terraform.tfstate')
    .option('--from-lock-table <table>', "the old backend's dynamodb_table (its lock and -md5 digest are honoured)")
    .option('--to <project>', 'the project of stateward.yaml the state moves into')
    .option('--workspaces', 'also every workspace of the key (env:/<workspace>/<key>)')
    .option('--mapping <file>', 'many migrations at once (as `stateward discover --write-mapping` writes them)')
    .option(APPROVE, 'migrate without asking (needed when stdin is not a terminal)')
    .option(...YES)
    .action(async (opts, cmd) => (await import('./migrate.ts')).runMigrate(withGlobals<typeof opts>(cmd)));
  program
    .command('discover')
    .description(
      'scan the account for terraform state (buckets holding *.tfstate, DynamoDB lock tables and their items) and propose a stateward.yaml and the mapping `migrate --mapping` reads; read-only',
    )
    .requiredOption('--write-config <file>', 'where to write the proposed stateward.yaml')
    .requiredOption('--write-mapping <file>', 'where to write the proposed migration mapping')
    .requiredOption('--github-org <org>', 'the GitHub organisation of the repos (github.org of the config)')
    .option('--force', 'overwrite the files if they exist')
    .action(async (opts, cmd) => (await import('./discover.ts')).runDiscover(withGlobals<typeof opts>(cmd)));
  program
    .command('completion')
    .description('print the shell completion script for bash or zsh, e.g. eval "$(stateward completion bash)"')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh'] as const))
    .action(async (shell) => (await import('./completion.ts')).runCompletion(shell, program));
  for (const command of program.commands) addGlobalOptions(command as unknown as GlobalOptionTarget);
}
