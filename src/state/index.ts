// Day-2 state operations, the pure part: lock info, state parsing, versions, diff, masking, restore bodies.
export * from './address.ts';
export * from './diff.ts';
export * from './duration.ts';
export * from './history.ts';
export * from './json-members.ts';
export * from './lock-info.ts';
export * from './locks.ts';
export * from './needs.ts';
export * from './render.ts';
export * from './render-diff.ts';
export * from './restore-body.ts';
export * from './sensitive.ts';
export * from './state-file.ts';
export * from './table.ts';
export * from './target.ts';
export * from './value-diff.ts';
export * from './version-ref.ts';
