// Registers every command. Actions import their implementation lazily, so start-up loads only commander.
import { type Command, Option } from '@commander-js/extra-typings';

export const DEFAULT_CONFIG = 'stateward.yaml';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  config: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  color: boolean;
  quiet?: boolean;
  stats?: boolean;
  statsJson?: string;
}

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
  return merged as T & GlobalOptions;
}

type GlobalOptionTarget = { option(flags: string, description: string, defaultValue?: string): unknown };

/** The global options, without defaults, so a command accepts them after its name too (`plan -c x.yaml`). */
function addGlobalOptions(cmd: GlobalOptionTarget, defaults = false): void {
  cmd.option('-c, --config <file>', 'config file (default: ./stateward.yaml)', defaults ? DEFAULT_CONFIG : undefined);
  cmd.option('--profile <name>', 'AWS profile from the shared config files');
  cmd.option('--region <region>', "AWS region for API calls (default: the config's region)");
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
  addGlobalOptions(program, true);

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
    .addOption(
      new Option('-k, --kind <kind>', 'only this kind of document').choices([
        'trust',
        'permissions',
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
    .option('-p, --project <name>', 'only this project (and the shared resources it needs)')
    .action(async (opts, cmd) => (await import('./plan.ts')).runPlan(withGlobals<typeof opts>(cmd)));

  program
    .command('apply')
    .description('make the account match the config; never deletes; asks before changes that broaden access')
    .option('--auto-approve', 'apply changes that broaden access without asking')
    .option('--concurrency <n>', 'AWS changes in flight at once (default 4)')
    .option('-p, --project <name>', 'only this project (and the shared resources it needs)')
    .action(async (opts, cmd) => (await import('./apply.ts')).runApply(withGlobals<typeof opts>(cmd)));

  program
    .command('destroy')
    .description("remove one project's state bucket and role; refuses while state exists unless --force")
    .requiredOption('-p, --project <name>', 'the project to remove')
    .option('--force', 'first delete every object version and delete marker in the bucket')
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
    .option('--branch <name>', 'default branch: the workflow applies on pushes to it', 'main')
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
    .action(async (opts, cmd) =>
      (await import('./audit.ts')).runAudit({
        ...withGlobals<typeof opts>(cmd),
        configGiven: [cmd, cmd.parent].some((c) => c?.getOptionValueSource('config') === 'cli'),
      }),
    );

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
    .option('--yes', 'restore without asking')
    .option('--force-lineage', 'allow a version of another lineage (a different state)')
    .action(async (opts, cmd) => (await import('./restore.ts')).runRestore(withGlobals<typeof opts>(cmd)));
  for (const command of program.commands) addGlobalOptions(command as unknown as GlobalOptionTarget);
}
