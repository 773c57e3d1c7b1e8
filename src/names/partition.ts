// The AWS partition a region belongs to. Every ARN stateward writes (arn:aws:...), the service principals
// and the GitHub OIDC provider it trusts are the commercial partition's; until they are derived from the
// partition, `validate` refuses regions of the others (GovCloud, China, the isolated regions).

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

/** Region prefixes of the non-commercial partitions, longest first (us-isob- before us-iso-). */
const PREFIXES: Array<[string, Partition]> = [
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
  ['us-gov-', 'aws-us-gov'],
  ['cn-', 'aws-cn'],
];

export function partitionOf(region: string): Partition {
  return PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

export const SUPPORTED_PARTITION: Partition = 'aws';
