import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieValue, isParticipantSecret, newParticipantSecret, participantId, participantOfConnection, PARTICIPANT_COOKIE } from './participant';

describe('participants', () => {
	it('derives the public id from the secret: user_ + 16 characters of base64url SHA-256', () => {
		const secret = newParticipantSecret();
		expect(isParticipantSecret(secret)).toBe(true);
		expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
		const digest = createHash('sha256').update(secret).digest('base64url');
		expect(participantId(secret)).toBe('user_' + digest.slice(0, 16));
		expect(newParticipantSecret()).not.toBe(secret);
	});

	it('takes the cookie first, then ?participant=, else an id of the connection’s own', () => {
		const a = newParticipantSecret();
		const b = newParticipantSecret();
		const header = `gb_board=tok; ${PARTICIPANT_COOKIE}=${a}`;
		expect(cookieValue(header, PARTICIPANT_COOKIE)).toBe(a);
		expect(participantOfConnection(header, new URLSearchParams({ participant: b }))).toBe(participantId(a));
		expect(participantOfConnection(null, new URLSearchParams({ participant: b }))).toBe(participantId(b));
		const own1 = participantOfConnection(null, new URLSearchParams());
		const own2 = participantOfConnection(null, new URLSearchParams());
		expect(own1).toMatch(/^user_[A-Za-z0-9_-]{16}$/);
		expect(own1).not.toBe(own2);
	});

	it('never takes a public id or a malformed secret as a secret', () => {
		const secret = newParticipantSecret();
		const id = participantId(secret);
		expect(participantOfConnection(null, new URLSearchParams({ participant: id }))).not.toBe(id);
		expect(participantOfConnection(`${PARTICIPANT_COOKIE}=short`, new URLSearchParams())).not.toBe(participantId('short'));
		expect(isParticipantSecret(secret + '=')).toBe(false);
		expect(isParticipantSecret(null)).toBe(false);
	});
});
