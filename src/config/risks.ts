// Risks a valid config accepts on purpose, said aloud by `validate` and `plan` so nobody carries them unseen.
import { planRoleName, roleName } from '../names/naming.ts';
import type { Config, ProjectConfig } from './types.ts';

export interface ConfigRisk {
  project: string;
  message: string;
}

export function configRisks(config: Config): ConfigRisk[] {
  return config.projects.flatMap((p) => {
    const message = pullRequestApplyRisk(p);
    return message ? [{ project: p.name, message }] : [];
  });
}

/** The opt-out of the plan role: pull requests (any branch) get the apply role. */
export function pullRequestApplyRisk(p: ProjectConfig): string | undefined {
  if (!p.allowPullRequestApply) return undefined;
  return `allowPullRequestApply: every workflow of ${p.repo} that its trust admits, pull requests included, gets ${roleName(p.name)} with its write access to the state and its managed policies, so anyone who can push a branch can apply; remove allowPullRequestApply to give pull requests the plan-only role ${planRoleName(p.name)} instead`;
}
