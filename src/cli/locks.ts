// `stateward locks [--project P] [--stale 2h] [--json]`: every held terraform lock of the config's projects,
// in the `.tflock` objects and in the DynamoDB lock table, with holder and age.
import { loadConfigFile } from '../config/load.ts';
import { parseDuration } from '../state/duration.ts';
import { locksDocument, mergeLocks, staleLocks } from '../state/locks.ts';
import { renderLocks } from '../state/render.ts';
import { findProject } from '../state/target.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { EXIT_ERROR } from './output.ts';
import { printJson, printLine, warn } from './print.ts';

export interface LocksOptions extends AwsGlobalOptions {
  project?: string;
  stale?: string;
  json?: boolean;
}

export async function runLocks(options: LocksOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const minAgeMs = options.stale === undefined ? undefined : parseDuration(options.stale, '--stale');
  const projects = options.project ? [findProject(config, options.project)] : config.projects;
  const clients = await openAws(options, config);
  try {
    const { listLocks } = await import('../aws/state/index.ts');
    const listing = await listLocks(clients, config, projects, {
      command: 'locks',
      ...(options.project ? { project: options.project } : {}),
    });
    const held = mergeLocks(listing.found, new Date());
    const shown = minAgeMs === undefined ? held : staleLocks(held, minAgeMs);
    if (options.json) printJson(locksDocument(shown, listing.problems));
    else printLine(renderLocks(shown, options.stale));
    for (const note of listing.notes) warn(`note: ${note}`);
    for (const problem of listing.problems) warn(`error: ${problem}`);
    // The listing is incomplete when a lock could not be read: scripts must not take it for "no lock".
    if (listing.problems.length > 0) process.exitCode = EXIT_ERROR;
  } finally {
    closeAws(clients);
  }
}
