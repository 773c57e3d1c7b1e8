// `stateward history --project P [--workspace W] [--limit N] [--json]`: the state object's versions, newest
// first, with what each body says (serial, lineage, terraform version, resources).

import { stateObjectKey } from '../backend/keys.ts';
import { loadConfigFile } from '../config/load.ts';
import { StatewardError } from '../errors.ts';
import { historyDocument } from '../state/history.ts';
import { renderHistory } from '../state/render.ts';
import { findProject, projectTarget } from '../state/target.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { printJson, printLine, warn } from './print.ts';

export interface HistoryCommandOptions extends AwsGlobalOptions {
  project: string;
  workspace?: string;
  key?: string;
  limit?: string;
  json?: boolean;
}

export async function runHistory(options: HistoryCommandOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const project = findProject(config, options.project);
  const target = projectTarget(config, project, {
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.key ? { key: options.key } : {}),
  });
  const limit = parseLimit(options.limit);
  const clients = await openAws(options, config);
  try {
    const { stateHistory } = await import('../aws/state/index.ts');
    const entries = await stateHistory(
      clients,
      { command: 'history', project: project.name },
      target,
      limit === undefined ? {} : { limit },
    );
    const key = stateObjectKey(target);
    if (options.json)
      printJson(historyDocument({ bucket: target.bucket, key, workspace: target.workspace ?? 'default' }, entries));
    else printLine(renderHistory(entries, `s3://${target.bucket}/${key}`));
    for (const entry of entries) if (entry.error) warn(`warning: ${entry.error}`);
  } finally {
    closeAws(clients);
  }
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  throw new StatewardError(
    'CLI_BAD_LIMIT',
    `--limit must be a whole number of at least 1, not "${value}".`,
    'Pass e.g. --limit 20 for the 20 newest versions.',
  );
}
