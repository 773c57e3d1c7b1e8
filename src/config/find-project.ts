// A project named on the command line, looked up in the config: one error, with the closest name,
// whichever command was given the wrong name.
import { StatewardError } from '../errors.ts';
import { closestName } from './closest-name.ts';
import type { Config, ProjectConfig } from './types.ts';

export function findProject(config: Config, name: string): ProjectConfig {
  const project = config.projects.find((p) => p.name === name);
  if (project) return project;
  const known = config.projects.map((p) => p.name);
  const closest = closestName(name, known);
  throw new StatewardError(
    'CLI_UNKNOWN_PROJECT',
    `${config.file} has no project "${name}".`,
    `${closest ? `Did you mean "${closest}"? ` : ''}Projects: ${known.join(', ') || '(none)'}.`,
  );
}
