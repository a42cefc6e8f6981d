import { describe, expect, it } from 'vitest';
import { addressKey, credentialKey, KeyedBuckets } from './rate-limit';

describe('KeyedBuckets', () => {
	it('allows a burst, then refuses with the seconds until a token is back', () => {
		const buckets = new KeyedBuckets(0.5, 3);
		for (let i = 0; i < 3; i++) expect(buckets.take(['ip:a'], 0)).toEqual({ ok: true });
		expect(buckets.take(['ip:a'], 0)).toEqual({ ok: false, retryAfter: 2 });
		expect(buckets.take(['ip:b'], 0)).toEqual({ ok: true });
		expect(buckets.take(['ip:a'], 2000)).toEqual({ ok: true });
	});

	it('takes from every key or from none', () => {
		const buckets = new KeyedBuckets(1, 1);
		expect(buckets.take(['ip:a', 'cred:x'], 0).ok).toBe(true);
		expect(buckets.take(['ip:b', 'cred:x'], 0).ok).toBe(false);
		// ip:b kept its token although the credential had none.
		expect(buckets.take(['ip:b'], 0).ok).toBe(true);
	});

	it('stays bounded under a flood of new keys', () => {
		const buckets = new KeyedBuckets(1, 1, 100);
		for (let i = 0; i < 1000; i++) buckets.take([`ip:${i}`], 0);
		expect((buckets as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
	});

	it('keys a credential by a hash, not by the token', () => {
		expect(credentialKey('secret-token')).not.toContain('secret');
		expect(credentialKey('secret-token')).toBe(credentialKey('secret-token'));
	});
});

describe('addressKey', () => {
	it('keys a request by its client address, and one whose address cannot be told as unknown', () => {
		expect(addressKey({ getClientAddress: () => '10.0.0.7' })).toBe('ip:10.0.0.7');
		expect(
			addressKey({
				getClientAddress: () => {
					throw new Error('Could not determine clientAddress');
				}
			})
		).toBe('ip:unknown');
	});
});
