import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the server may send webhooks to. Only public addresses, unless `WEBHOOK_ALLOW`
 * names a host, an address or a range (CIDR): loopback, private (RFC 1918, unique-local), carrier
 * NAT, link-local (which holds the cloud metadata service, 169.254.169.254 and fd00:ec2::254),
 * multicast, reserved and unspecified ranges are refused, as IANA's special-purpose registries
 * list them (https://www.iana.org/assignments/iana-ipv4-special-registry,
 * https://www.iana.org/assignments/iana-ipv6-special-registry). IPv4-mapped IPv6 addresses are
 * judged as the IPv4 address they carry.
 */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.0.2.0', 24],
	['192.88.99.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['198.51.100.0', 24],
	['203.0.113.0', 24],
	['224.0.0.0', 4],
	['240.0.0.0', 4]
] as const) {
	NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
	['::', 128],
	['::1', 128],
	['64:ff9b:1::', 48],
	['100::', 64],
	['2001::', 23],
	['2001:db8::', 32],
	['fc00::', 7],
	['fe80::', 10],
	['ff00::', 8]
] as const) {
	NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address, or the address itself. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
	const lower = address.toLowerCase();
	const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
	if (mapped) return { address: mapped[1], family: 'ipv4' };
	const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
	if (hex) {
		const hi = parseInt(hex[1], 16);
		const lo = parseInt(hex[2], 16);
		return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 'ipv4' };
	}
	return { address: lower, family: isIP(lower) === 6 ? 'ipv6' : 'ipv4' };
}

export interface OutboundPolicy {
	/** Hosts (lower case) and addresses or ranges that may be reached although they are not public. */
	allowHosts: Set<string>;
	allowRanges: BlockList;
}

/**
 * Reads `WEBHOOK_ALLOW`: a comma-separated list of host names, addresses and CIDR ranges, such as
 * `hooks.internal.example, 10.20.0.0/16, 127.0.0.1`. Throws on an entry it cannot read.
 */
export function parseOutboundAllow(value: string | undefined): OutboundPolicy {
	const allowHosts = new Set<string>();
	const allowRanges = new BlockList();
	for (const raw of (value ?? '').split(',')) {
		const entry = raw.trim().toLowerCase();
		if (!entry) continue;
		const [net, prefix] = entry.split('/');
		const family = isIP(net);
		if (family) {
			const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
			if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`"${raw.trim()}" is not a valid address range`);
			allowRanges.addSubnet(net, bits, family === 4 ? 'ipv4' : 'ipv6');
		} else if (/^[a-z0-9.-]+$/.test(entry) && prefix === undefined) {
			allowHosts.add(entry);
		} else {
			throw new Error(`"${raw.trim()}" is neither a host name, an address nor a range`);
		}
	}
	return { allowHosts, allowRanges };
}

export const PUBLIC_ONLY: OutboundPolicy = { allowHosts: new Set(), allowRanges: new BlockList() };

/** Whether an address may be reached under a policy. */
export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
	const { address: plain, family } = unmapped(address);
	if (policy.allowRanges.check(plain, family) || policy.allowRanges.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return true;
	return !NOT_PUBLIC.check(plain, family);
}

/** Why an address is refused, in words that name no internal detail. */
export const NOT_PUBLIC_MESSAGE = 'Webhook addresses must be public: this one is on a private, loopback, link-local or reserved network.';

export class OutboundRefused extends Error {
	constructor() {
		super(NOT_PUBLIC_MESSAGE);
	}
}

/**
 * Resolves a webhook's host and checks every address it resolves to; the addresses to connect to,
 * or throws `OutboundRefused`. A host named in the policy is allowed whatever it resolves to.
 */
export async function resolveAllowed(host: string, policy: OutboundPolicy): Promise<{ address: string; family: number }[]> {
	const name = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (isIP(name)) {
		if (!addressAllowed(name, policy) && !policy.allowHosts.has(name)) throw new OutboundRefused();
		return [{ address: name, family: isIP(name) }];
	}
	const found = await lookup(name, { all: true, verbatim: true });
	if (policy.allowHosts.has(name)) return found;
	if (found.length === 0 || found.some((a) => !addressAllowed(a.address, policy))) throw new OutboundRefused();
	return found;
}
