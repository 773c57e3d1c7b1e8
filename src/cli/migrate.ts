// `stateward migrate`: moves existing state (an old backend's bucket/key and its workspaces, or a local
// terraform.tfstate) into projects' buckets. Prints the plan, asks (or --auto-approve), then copies each state
// under terraform's own locks; a rerun after an interruption writes only what is not there yet.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { findProject } from '../config/find-project.ts';
import { loadConfigFile } from '../config/load.ts';
import { StatewardError, StatewardErrors } from '../errors.ts';
import { STATEWARD, whoAmI } from '../lock-holder.ts';
import { parseMapping } from '../migrate/mapping.ts';
import { destinationLabel, type PlannedUnit } from '../migrate/plan.ts';
import { renderMigrationPlan, renderNextSteps } from '../migrate/render.ts';
import { checkRequest, type MigrationRequest, parseSource } from '../migrate/request.ts';
import { backendTarget } from '../scaffold/target.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { EXIT_ERROR } from './output.ts';
import { printLine, warn } from './print.ts';

export interface MigrateOptions extends AwsGlobalOptions {
  from?: string;
  fromLockTable?: string;
  to?: string;
  workspaces?: boolean;
  mapping?: string;
  autoApprove?: boolean;
}

export async function runMigrate(options: MigrateOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const requests = requestsOf(options);
  for (const request of requests) findProject(config, request.to);
  const clients = await openAws(options, config);
  try {
    const [{ requireConfigAccount }, { prepareMigration, executeUnit }] = await Promise.all([
      import('../aws/identity.ts'),
      import('../aws/migrate/index.ts'),
    ]);
    await requireConfigAccount(clients, config.file);
    const planned = await prepareMigration(clients, config, requests);
    printLine(renderMigrationPlan(planned));
    const refusals = planned.flatMap((p) => (p.refusal ? [p.refusal] : []));
    if (refusals.length > 0) throw new StatewardErrors(refusals);
    const toWrite = planned.filter((p) => p.action !== 'done');
    if (toWrite.length > 0) {
      await approve(toWrite.length, options.autoApprove ?? false);
      const owner = { ID: randomUUID(), Info: 'migration into stateward', Who: whoAmI(), Version: STATEWARD };
      let failedRelease = false;
      const warnings = (text: string) => {
        failedRelease ||= text.startsWith('error:');
        warn(text);
      };
      for (const [index, unit] of toWrite.entries()) {
        try {
          await executeUnit(clients, unit, owner, warnings);
        } catch (error) {
          printLine(`Stopped after ${index} of ${toWrite.length} states; the rest were not written.`);
          throw withRerunHint(error);
        }
        printLine(
          `  migrated  ${unit.unit.sourceLabel} -> ${destinationLabel(unit.unit.destination)} (${unit.action})`,
        );
      }
      printLine(`Migration complete: ${toWrite.length} written, ${planned.length - toWrite.length} already in place.`);
      if (failedRelease) process.exitCode = EXIT_ERROR;
    } else {
      printLine('Nothing to write: every state is already in place.');
    }
    printLine();
    printLine(
      renderNextSteps(projectsOf(planned).map((name) => backendTarget(config, findProject(config, name)).target)),
    );
  } finally {
    closeAws(clients);
  }
}

function requestsOf(options: MigrateOptions): MigrationRequest[] {
  const flags = options.from !== undefined || options.to !== undefined;
  if (options.mapping !== undefined && !flags) return parseMapping(readMapping(options.mapping), options.mapping);
  if (options.mapping === undefined && options.from !== undefined && options.to !== undefined) {
    return [
      checkRequest({
        from: parseSource(options.from),
        ...(options.fromLockTable ? { fromLockTable: options.fromLockTable } : {}),
        to: options.to,
        workspaces: options.workspaces ?? false,
      }),
    ];
  }
  throw new StatewardError(
    'MIGRATE_BAD_ARGUMENTS',
    'migrate needs either --from and --to, or --mapping (not both).',
    'Run `stateward migrate --from s3://<bucket>/<key> --to <project>`, or `stateward migrate --mapping <file.yaml>` (as `stateward discover --write-mapping` writes it).',
  );
}

function readMapping(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new StatewardError(
      'MIGRATE_MAPPING_UNREADABLE',
      `Cannot read the mapping file ${file}: ${(cause as Error).message}.`,
      'Pass the path of a mapping file, e.g. one written by `stateward discover --write-mapping`.',
      { cause },
    );
  }
}

const projectsOf = (planned: PlannedUnit[]) => [...new Set(planned.map((p) => p.unit.request.to))];

function withRerunHint(error: unknown): unknown {
  if (!(error instanceof StatewardError)) return error;
  return new StatewardError(
    error.code,
    error.message,
    `${error.fix} A rerun of the same command completes the rest; states already migrated are not written again.`,
    { cause: error },
  );
}

async function approve(count: number, autoApprove: boolean): Promise<void> {
  if (autoApprove) return;
  if (!process.stdin.isTTY) {
    throw new StatewardError(
      'MIGRATE_NEEDS_APPROVAL',
      'stdin is not a terminal, so stateward cannot ask before migrating; nothing was changed.',
      'Review the migration plan above, then run the same command with --auto-approve.',
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`\nWrite these ${count} states? Only "yes" migrates: `);
  prompt.close();
  if (answer.trim().toLowerCase() !== 'yes') {
    throw new StatewardError(
      'MIGRATE_CANCELLED',
      'Migration cancelled; nothing was changed.',
      'Run the command again and answer "yes", or pass --auto-approve.',
    );
  }
}
