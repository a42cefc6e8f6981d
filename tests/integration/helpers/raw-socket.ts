import { connect as tcpConnect, type Socket } from 'node:net';

/** One client-to-server WebSocket frame (binary, final, masked with a zero key as RFC 6455 §5.3 allows). */
export function maskedFrame(payload: Uint8Array): Buffer {
	const n = payload.length;
	const length = n < 126 ? Buffer.from([0x80 | n]) : n < 65536 ? Buffer.from([0x80 | 126, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0x80 | 127]), bigEndian64(n)]);
	return Buffer.concat([Buffer.from([0x82]), length, Buffer.from([0, 0, 0, 0]), payload]);
}

function bigEndian64(n: number): Buffer {
	const b = Buffer.alloc(8);
	b.writeBigUInt64BE(BigInt(n));
	return b;
}

export interface RawSocket {
	socket: Socket;
	/** The status line and headers of the server's answer to the upgrade, once they are in. */
	answered: Promise<string>;
	/** The server's close frame (code and reason), or null when the socket ends without one. */
	closed: Promise<{ code: number; reason: string } | null>;
	/** Binary messages the server sent, in order. */
	messages: Buffer[];
	/** Writes messages as masked binary frames. */
	send(...payloads: Uint8Array[]): void;
	destroy(): void;
}

/**
 * A WebSocket client written by hand over TCP, as a hostile script would be: it upgrades `path`
 * with `headers`, reads what the server sends, and never answers the server's close frame, so the
 * server's socket stays open (closing) until ws gives up on the handshake.
 */
export function rawSocket(port: number, path: string, headers: Record<string, string> = {}): RawSocket {
	const socket = tcpConnect(port, '127.0.0.1');
	socket.on('error', () => {});
	let received = Buffer.alloc(0);
	let headerDone = false;
	let at = 0;
	const messages: Buffer[] = [];
	let answer!: (head: string) => void;
	let close!: (c: { code: number; reason: string } | null) => void;
	const answered = new Promise<string>((resolve) => (answer = resolve));
	const closed = new Promise<{ code: number; reason: string } | null>((resolve) => (close = resolve));
	socket.on('connect', () => {
		const extra = Object.entries(headers)
			.map(([k, v]) => `${k}: ${v}\r\n`)
			.join('');
		socket.write(
			`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
				`Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
		);
	});
	socket.on('data', (chunk) => {
		received = Buffer.concat([received, chunk]);
		if (!headerDone) {
			const end = received.indexOf('\r\n\r\n');
			if (end < 0) return;
			headerDone = true;
			answer(received.subarray(0, end).toString('latin1'));
			at = end + 4;
		}
		while (at + 2 <= received.length) {
			const opcode = received[at] & 0x0f;
			let len = received[at + 1] & 0x7f;
			let start = at + 2;
			if (len === 126) {
				if (at + 4 > received.length) return;
				len = received.readUInt16BE(at + 2);
				start = at + 4;
			} else if (len === 127) {
				if (at + 10 > received.length) return;
				len = Number(received.readBigUInt64BE(at + 2));
				start = at + 10;
			}
			if (start + len > received.length) return;
			const payload = received.subarray(start, start + len);
			if (opcode === 8) close({ code: payload.readUInt16BE(0), reason: payload.subarray(2).toString() });
			else if (opcode === 2) messages.push(Buffer.from(payload));
			at = start + len;
		}
	});
	socket.on('close', () => {
		answer(received.toString('latin1'));
		close(null);
	});
	return {
		socket,
		answered,
		closed,
		messages,
		send(...payloads) {
			socket.write(Buffer.concat(payloads.map(maskedFrame)));
		},
		destroy() {
			socket.destroy();
		}
	};
}
