// Desired states and converged snapshots for the planner's tests.
import { fileURLToPath } from 'node:url';
import { loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { Observed, ObservedProject } from '../../src/model/observed.ts';
import type { Desired } from '../../src/model/types.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';
import { applyAll } from './apply-to-observed.ts';

export const EXAMPLE_FILE = fileURLToPath(new URL('../../examples/stateward.yaml', import.meta.url));

export function exampleDesired(): Desired {
  return buildDesired(loadConfigFile(EXAMPLE_FILE));
}

export function desiredFromYaml(text: string): Desired {
  return buildDesired(parseConfig(text, 'test.yaml'));
}

/** The account after applying the offline plan: what a first `stateward apply` leaves behind. */
export function converged(desired: Desired): Observed {
  const empty = emptyObserved(desired);
  return applyAll(empty, diff(desired, empty).changes);
}

/** A converged snapshot with one drift applied to a copy. */
export function drifted(desired: Desired, drift: (observed: Observed) => void): Observed {
  const observed = structuredClone(converged(desired));
  drift(observed);
  return observed;
}

export function project(observed: Observed, name: string): ObservedProject {
  const found = observed.projects.find((p) => p.name === name);
  if (!found) throw new Error(`no project ${name} in the snapshot`);
  return found;
}

/** A small config: two projects (one reading the other), one human, fence on. */
export const SMALL_CONFIG = `
version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
humans: [alice]
admins: ["arn:aws:iam::111122223333:role/platform-admin"]
projects:
  - name: app
  - name: net
`;
