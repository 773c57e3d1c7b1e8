// `stateward audit`: reads the live account, judges every state bucket and tf-* role against the pattern
// (and against the config, when there is one), prints a table, JSON or SARIF, and sets the exit code:
// 0 clean, 2 findings at or above --fail-on, 1 error.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { auditToJson } from '../audit/render-json.ts';
import { auditToSarif } from '../audit/render-sarif.ts';
import { renderAuditText } from '../audit/render-text.ts';
import { type AuditReport, auditSnapshot, failsAt } from '../audit/run.ts';
import { SEVERITIES, type Severity } from '../audit/types.ts';
import type { AwsClients } from '../aws/clients.ts';
import { loadConfigFile } from '../config/load.ts';
import type { Config } from '../config/types.ts';
import { StatewardError } from '../errors.ts';
import { configRegion } from './aws-context.ts';
import type { GlobalOptions } from './global-options.ts';
import { EXIT_FINDINGS, useColor } from './output.ts';
import { printLine } from './print.ts';
import { reportAwsStats } from './stats.ts';

declare const STATEWARD_VERSION: string;
const VERSION = typeof STATEWARD_VERSION === 'string' ? STATEWARD_VERSION : '0.0.0-dev';

export interface AuditOptions extends GlobalOptions {
  json?: boolean;
  sarif?: boolean;
  failOn?: string;
}

export async function runAudit(options: AuditOptions): Promise<void> {
  const failOn = parseSeverity(options.failOn ?? 'high');
  if (options.json && options.sarif)
    throw new StatewardError(
      'CLI_CONFLICTING_OPTIONS',
      '--json and --sarif cannot be used together.',
      'Pass one of them.',
    );
  // A config named with -c or $STATEWARD_CONFIG must exist; without one, audit checks the account alone.
  const config = options.configGiven || existsSync(options.config) ? loadConfigFile(options.config) : undefined;
  const report = await auditAccount(options, config);
  if (options.sarif)
    printLine(
      auditToSarif(report, {
        toolVersion: VERSION,
        ...(report.configFile ? { artifactUri: relative(process.cwd(), report.configFile) } : {}),
      }),
    );
  else if (options.json) printLine(auditToJson(report));
  else if (!options.quiet || report.findings.length > 0)
    process.stdout.write(renderAuditText(report, { color: options.color !== false && useColor() }));
  if (failsAt(report, failOn)) process.exitCode = EXIT_FINDINGS;
}

function parseSeverity(value: string): Severity {
  const severity = value.toLowerCase() as Severity;
  if (SEVERITIES.includes(severity)) return severity;
  throw new StatewardError(
    'CLI_BAD_SEVERITY',
    `--fail-on takes low, medium or high, not "${value}".`,
    'Pass e.g. --fail-on medium to also fail on medium findings.',
  );
}

function regionOf(options: AuditOptions, config: Config | undefined): string {
  if (config) return configRegion(options.region, config);
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (region) return region;
  throw new StatewardError(
    'CLI_NO_REGION',
    'audit needs a region, and none was given.',
    'Pass --region REGION or set AWS_REGION (the lock table is read there; buckets are found in every region).',
  );
}

async function auditAccount(options: AuditOptions, config: Config | undefined): Promise<AuditReport> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [{ createAwsClients, destroyAwsClients }, { callerIdentity, assertConfigAccount }, { discoverAccount }] =
    await Promise.all([import('../aws/clients.ts'), import('../aws/identity.ts'), import('../aws/discover/index.ts')]);
  const region = regionOf(options, config);
  const open = (account: string): AwsClients =>
    createAwsClients({
      account,
      region,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    });
  // The account is known only after GetCallerIdentity; S3 calls then carry it as ExpectedBucketOwner.
  const probe = open(config?.account ?? '000000000000');
  let identity: Awaited<ReturnType<typeof callerIdentity>>;
  try {
    identity = await callerIdentity(probe);
  } finally {
    destroyAwsClients(probe);
  }
  if (config) assertConfigAccount(identity, config.account, config.file);
  const clients = open(identity.account);
  try {
    const snapshot = await discoverAccount(clients, {
      account: identity.account,
      region,
      ...(config ? { config } : {}),
    });
    return auditSnapshot(snapshot);
  } finally {
    // The probe made the GetCallerIdentity call; the rest are the clients'.
    reportAwsStats(options, { snapshot: () => [...probe.stats.snapshot(), ...clients.stats.snapshot()] });
    destroyAwsClients(clients);
  }
}
