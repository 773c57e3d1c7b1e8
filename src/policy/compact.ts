// Lossless compaction for documents over quota: statements that differ only in Resource merge
// (same Effect, actions and condition), which changes no decision. Sids join so the origin stays visible.
import type { PolicyDocument, Statement } from '../iam/document.ts';
import { asArray } from '../iam/document.ts';
import { dropCovered } from './state-keys.ts';
import { single } from './statement.ts';

export function compactPolicy(document: PolicyDocument): PolicyDocument {
  const merged = new Map<string, Statement>();
  for (const statement of document.Statement) {
    const { Sid, Resource, ...rest } = statement;
    const signature = JSON.stringify(canonical(rest));
    const existing = merged.get(signature);
    if (!existing || Resource === undefined || existing.Resource === undefined) {
      merged.set(existing ? `${signature}#${merged.size}` : signature, { ...statement });
      continue;
    }
    existing.Sid = [existing.Sid, Sid].filter(Boolean).join('');
    existing.Resource = single(dropCovered([...asArray(existing.Resource), ...asArray(Resource)]));
  }
  return { ...document, Statement: [...merged.values()] };
}

/** A one-element list and its single value are the same grant in IAM; so are lists in any order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? canonical(value[0]) : [...value].map(canonical).sort();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
