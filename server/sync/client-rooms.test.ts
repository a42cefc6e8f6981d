import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, ClientRooms } from './client-rooms';

describe('ClientRooms', () => {
	it('refuses a client its next board past the limit, and counts connections to one board once', () => {
		const rooms = new ClientRooms(2);
		expect(rooms.claim(['ip:a'], 'b1')).toBe(true);
		expect(rooms.claim(['ip:a'], 'b1')).toBe(true);
		expect(rooms.claim(['ip:a'], 'b2')).toBe(true);
		expect(rooms.claim(['ip:a'], 'b3')).toBe(false);
		// Another client is not held back, and the first may still join the boards it holds.
		expect(rooms.claim(['ip:b'], 'b3')).toBe(true);
		expect(rooms.claim(['ip:a'], 'b2')).toBe(true);
		rooms.release(['ip:a'], 'b2');
		rooms.release(['ip:a'], 'b2');
		expect(rooms.claim(['ip:a'], 'b3')).toBe(true);
	});

	it('limits a credential across addresses', () => {
		const rooms = new ClientRooms(1);
		expect(rooms.claim(['ip:a', 'cred:x'], 'b1')).toBe(true);
		expect(rooms.claim(['ip:b', 'cred:x'], 'b2')).toBe(false);
		expect(rooms.claim(['ip:b'], 'b2')).toBe(true);
	});
});

describe('clientAddress', () => {
	const req = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '10.0.0.9' } }) as unknown as IncomingMessage;
	it('is the peer address unless ADDRESS_HEADER names a header', () => {
		expect(clientAddress(req({ 'x-forwarded-for': '1.2.3.4' }), {})).toBe('10.0.0.9');
		expect(clientAddress(req({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }), { ADDRESS_HEADER: 'X-Forwarded-For' })).toBe('1.2.3.4');
		expect(clientAddress(req({ 'x-real-ip': '5.5.5.5' }), { ADDRESS_HEADER: 'x-real-ip' })).toBe('5.5.5.5');
	});
});
