// IpAddress / NotIpAddress: is an address (aws:SourceIp) inside a CIDR block? Live bucket
// policies often restrict by source address, so verify --live must be able to read them.

interface Address {
  bits: bigint;
  width: 32 | 128;
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/u.test(octet) && Number(octet) <= 255))
    return undefined;
  return octets.reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

function parseGroups(groups: string[]): bigint[] | undefined {
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/iu.test(group))) return undefined;
  return groups.map((group) => BigInt(parseInt(group, 16)));
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? parseGroups(halves[0].split(':')) : [];
  const tail = halves[1] ? parseGroups(halves[1].split(':')) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<bigint>(halves.length === 1 ? 0 : missing).fill(0n), ...tail];
  return groups.reduce((bits, group) => (bits << 16n) | group, 0n);
}

function parseAddress(text: string): Address | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: v4, width: 32 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { bits: v6, width: 128 };
}

/** `undefined` when either side is not an address (or the block is malformed). */
export function addressInBlock(address: string, block: string): boolean | undefined {
  const [network, prefixText, ...rest] = block.trim().split('/');
  const ip = parseAddress(address.trim());
  const net = network === undefined ? undefined : parseAddress(network);
  if (!ip || !net || rest.length > 0) return undefined;
  const prefix = prefixText === undefined ? net.width : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > net.width ||
    (prefixText !== undefined && !/^\d+$/u.test(prefixText))
  ) {
    return undefined;
  }
  if (ip.width !== net.width) return false;
  const shift = BigInt(net.width - prefix);
  return ip.bits >> shift === net.bits >> shift;
}
