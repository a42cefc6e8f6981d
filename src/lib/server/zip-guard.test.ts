import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkZipBounds } from './zip-guard';
import { deflatedZeros, zipArchive } from './zip-test-helpers';

const xml = (text: string) => ({ name: 'xl/sharedStrings.xml', data: deflateRawSync(Buffer.from(text)), size: Buffer.byteLength(text) });

describe('checkZipBounds', () => {
	it('passes an ordinary archive and says what it unpacks to', () => {
		expect(checkZipBounds(zipArchive([xml('<sst>hello</sst>'), xml('<x/>')]), 'ok.xlsx')).toBe(20);
	});

	it('refuses a bomb that declares its size, from the directory alone', async () => {
		const payload = await deflatedZeros(300 * 1024 * 1024);
		expect(payload.length).toBeLessThan(1024 * 1024);
		const bomb = zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: payload, size: 300 * 1024 * 1024 }]);
		expect(() => checkZipBounds(bomb, 'bomb.xlsx')).toThrow(/unpacks to more than 300\.0 MB; an \.xlsx import may unpack to at most 256\.0 MB/);
	});

	it('stops a part that lies about its size while inflating it', async () => {
		const payload = await deflatedZeros(64 * 1024 * 1024);
		const liar = zipArchive([{ name: 'xl/worksheets/sheet1.xml', data: payload, size: 1000 }]);
		expect(() => checkZipBounds(liar, 'liar.xlsx')).toThrow(expect.objectContaining({ code: 'too-large-unpacked', message: expect.stringMatching(/more than its directory says/) }));
	});

	it('counts every part towards one limit', () => {
		const part = (name: string) => ({ name, data: deflateRawSync(Buffer.alloc(600, 0x20)), size: 600 });
		expect(() => checkZipBounds(zipArchive([part('a.xml'), part('b.xml')]), 'two.xlsx', 1000)).toThrow(/at most 1000 bytes/);
	});

	it('refuses what is not a zip archive with a message', () => {
		expect(() => checkZipBounds(new Uint8Array(100), 'nothing.xlsx')).toThrow(expect.objectContaining({ code: 'unsupported' }));
	});
});
