import * as ws from 'ws';
import { describe, expect, it } from 'vitest';
import { wsFrame } from './room.ts';

describe('wsFrame', () => {
	it('builds the same bytes ws sends, for short, medium and long messages', () => {
		for (const size of [0, 1, 125, 126, 65535, 65536, 300_000]) {
			const payload = Uint8Array.from({ length: size }, (_, i) => i % 251);
			const expected = Buffer.concat(
				(ws as unknown as { Sender: { frame(d: Buffer, o: object): Buffer[] } }).Sender.frame(Buffer.from(payload), {
					fin: true,
					rsv1: false,
					opcode: 2,
					mask: false,
					readOnly: false
				})
			);
			expect(wsFrame(payload).equals(expected), `size ${size}`).toBe(true);
		}
	});
});
