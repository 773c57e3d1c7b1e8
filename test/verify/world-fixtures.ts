// Worlds for verify tests: generated from a config, optionally tampered with the way drift would.
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { verifyWorld } from '../../src/verify/matrix.ts';
import type { OperationCell, TrustCell, VerifyReport } from '../../src/verify/report.ts';
import { type VerifyWorld, worldFromDesired } from '../../src/verify/world.ts';

export function worldFor(yaml: string): VerifyWorld {
  const config = parseConfig(yaml, 'verify.yaml');
  return worldFromDesired(buildDesired(config), config);
}

export const HEAD =
  'version: 1\naccount: "111122223333"\nregion: eu-west-1\ngithub: { org: acme }\nhumans: [alice, bob]\nadmins: ["arn:aws:iam::111122223333:role/platform-admin"]\n';

export function report(world: VerifyWorld): VerifyReport {
  return verifyWorld(world);
}

export function cell(r: VerifyReport, match: Partial<OperationCell>): OperationCell {
  const found = r.projects
    .flatMap((p) => p.operations)
    .filter((c) => Object.entries(match).every(([k, v]) => (c as unknown as Record<string, unknown>)[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} cells match ${JSON.stringify(match)}`);
  return found[0]!;
}

export function trustCell(r: VerifyReport, project: string, principal: string): TrustCell {
  const found = r.projects.find((p) => p.name === project)!.trust.find((t) => t.principal === principal);
  if (!found) throw new Error(`no trust cell ${project}/${principal}`);
  return found;
}

export const role = (name: string) => `arn:aws:iam::111122223333:role/tf-${name}`;
