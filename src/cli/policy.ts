import pc from 'picocolors';
import { loadConfigFile } from '../config/load.ts';
import { policyCatalog } from '../policy/catalog.ts';
import type { DocumentKind } from '../policy/quotas.ts';
import { useColor } from './output.ts';
import { printJson, printLine } from './print.ts';

export interface PolicyOptions {
  config: string;
  project?: string;
  kind?: DocumentKind;
  json?: boolean;
}

export async function runPolicy(options: PolicyOptions): Promise<void> {
  const config = loadConfigFile(options.config);
  const filter = {
    ...(options.project ? { project: options.project } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
  };
  const entries = policyCatalog(config, filter);
  if (options.json) {
    // With one document selected, print it bare so it pipes straight into `aws iam ... --policy-document`.
    if (options.project && options.kind && entries.length === 1) return printJson(entries[0]!.document);
    if ((options.kind === 'boundary' || options.kind === 'scp') && entries.length === 1)
      return printJson(entries[0]!.document);
    return printJson({ version: 1, documents: entries });
  }
  const c = pc.createColors(useColor());
  for (const entry of entries) {
    const percent = Math.round((entry.size / entry.limit) * 100);
    printLine(
      c.bold(`# ${entry.kind}: ${entry.attachedTo}`) +
        c.dim(`  ${entry.size} / ${entry.limit} characters (${percent}%)`),
    );
    printLine(JSON.stringify(entry.document, null, 2));
    printLine();
  }
}
