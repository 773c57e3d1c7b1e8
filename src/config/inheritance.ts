// A project setting the user did not write is inherited; its errors belong where it was written
// (under `defaults:` or at the top level), reported once rather than once per project.
import { isCollection } from 'yaml';
import type { ConfigPath, YamlSource } from './yaml-source.ts';

const INHERITED: Record<string, ConfigPath> = {
  locking: ['defaults', 'locking'],
  encryption: ['defaults', 'encryption'],
  keepStateVersions: ['defaults', 'keepStateVersions'],
  noncurrentDays: ['defaults', 'noncurrentDays'],
  fence: ['defaults', 'fence'],
  defaultBranch: ['defaults', 'defaultBranch'],
  githubEnvironments: ['defaults', 'githubEnvironments'],
  allowPullRequestApply: ['defaults', 'allowPullRequestApply'],
  planManagedPolicies: ['defaults', 'planManagedPolicies'],
  humans: ['humans'],
};

export function writtenPath(source: YamlSource, path: ConfigPath): ConfigPath {
  const [first, index, setting, ...rest] = path;
  if (first !== 'projects' || typeof setting !== 'string' || !INHERITED[setting]) return path;
  const project = source.doc.getIn(['projects', index], true);
  if (isCollection(project) && project.has(setting)) return path;
  return [...INHERITED[setting]!, ...rest];
}
