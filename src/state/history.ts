// One row per state version for `stateward history`: the object's metadata and what its body says.
import type { ParsedState } from './state-file.ts';

export interface StateVersionMeta {
  versionId: string;
  lastModified: Date;
  size: number;
  isLatest: boolean;
}

export interface StateSummary {
  serial: number;
  lineage: string;
  terraformVersion: string;
  /** Resource instances, managed and data, as `terraform state list` counts them (deposed objects aside). */
  resources: number;
}

export interface HistoryEntry extends StateVersionMeta {
  summary?: StateSummary;
  /** Why the body could not be read; the other versions are still listed. */
  error?: string;
}

export function summarizeState(state: ParsedState): StateSummary {
  return {
    serial: state.serial,
    lineage: state.lineage,
    terraformVersion: state.terraformVersion,
    resources: state.instances.filter((instance) => instance.deposed === undefined).length,
  };
}

export interface HistoryDocument {
  version: 1;
  bucket: string;
  key: string;
  workspace: string;
  versions: Array<{
    versionId: string;
    lastModified: string;
    size: number;
    current: boolean;
    serial: number | null;
    lineage: string | null;
    terraformVersion: string | null;
    resources: number | null;
    error?: string;
  }>;
}

export function historyDocument(
  where: { bucket: string; key: string; workspace: string },
  entries: HistoryEntry[],
): HistoryDocument {
  return {
    version: 1,
    ...where,
    versions: entries.map((entry) => ({
      versionId: entry.versionId,
      lastModified: entry.lastModified.toISOString(),
      size: entry.size,
      current: entry.isLatest,
      serial: entry.summary?.serial ?? null,
      lineage: entry.summary?.lineage ?? null,
      terraformVersion: entry.summary?.terraformVersion ?? null,
      resources: entry.summary?.resources ?? null,
      ...(entry.error ? { error: entry.error } : {}),
    })),
  };
}
