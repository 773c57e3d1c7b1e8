// `stateward diff --project P [--workspace W] FROM [TO]`: resources added, removed and changed between two
// state versions (TO defaults to current), and changed outputs; sensitive values stay masked.
import { loadConfigFile } from '../config/load.ts';
import { diffDocument, diffStates } from '../state/diff.ts';
import { renderDiff } from '../state/render-diff.ts';
import { findProject, projectTarget } from '../state/target.ts';
import { parseVersionRef } from '../state/version-ref.ts';
import { type AwsGlobalOptions, closeAws, openAws } from './aws-context.ts';
import { printJson, printLine } from './print.ts';

export interface DiffOptions extends AwsGlobalOptions {
  project: string;
  workspace?: string;
  key?: string;
  json?: boolean;
}

export async function runDiff(from: string, to: string | undefined, options: DiffOptions): Promise<void> {
  const fromRef = parseVersionRef(from, 'FROM version');
  const toRef = parseVersionRef(to ?? 'current', 'TO version');
  const config = loadConfigFile(options.config);
  const project = findProject(config, options.project);
  const target = projectTarget(config, project, {
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.key ? { key: options.key } : {}),
  });
  const clients = await openAws(options, config);
  try {
    const { readVersionPair } = await import('../aws/state/index.ts');
    const pair = await readVersionPair(clients, { command: 'diff', project: project.name }, target, fromRef, toRef);
    const diff = diffStates(pair.from.state, pair.to.state);
    const end = (v: typeof pair.from) => ({ versionId: v.versionId, serial: v.state.serial });
    if (options.json) printJson(diffDocument(diff, end(pair.from), end(pair.to)));
    else printLine(renderDiff(diff, label(from, pair.from), label(to ?? 'current', pair.to)));
  } finally {
    closeAws(clients);
  }
}

function label(ref: string, version: { versionId: string; state: { serial: number } }): string {
  const named = ref === version.versionId ? '' : `${ref} = `;
  return `${named}version ${version.versionId} (serial ${version.state.serial})`;
}
