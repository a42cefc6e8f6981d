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

	it('reads as many entries as the unzipper would, and refuses a ZIP64 locator', () => {
		const part = (name: string) => ({ name, data: deflateRawSync(Buffer.alloc(600, 0x20)), size: 600 });
		// The end record's "entries on this disk" says two (the unzipper reads both), its total one.
		const twoOnDisk = Buffer.from(zipArchive([part('a.xml'), part('b.xml')]));
		twoOnDisk.writeUInt16LE(1, twoOnDisk.length - 22 + 10);
		expect(() => checkZipBounds(twoOnDisk, 'two.xlsx', 1000)).toThrow(/at most 1000 bytes/);
		const plain = Buffer.from(zipArchive([part('a.xml')]));
		const locator = Buffer.alloc(20);
		locator.writeUInt32LE(0x07064b50, 0);
		const zip64 = Buffer.concat([plain.subarray(0, plain.length - 22), locator, plain.subarray(plain.length - 22)]);
		expect(() => checkZipBounds(zip64, 'zip64.xlsx')).toThrow(expect.objectContaining({ code: 'too-large-unpacked', message: expect.stringMatching(/ZIP64/) }));
	});

	it('shows each part to an inspector once inflated, in the order of its rank', () => {
		const seen: string[] = [];
		checkZipBounds(zipArchive([xml('<sst>hello</sst>'), { ...xml('<r/>'), name: 'xl/_rels/workbook.xml.rels' }]), 'ok.xlsx', undefined, {
			rank: (name) => (name.endsWith('.rels') ? 0 : 1),
			part: (name, data) => seen.push(`${name}: ${Buffer.from(data).toString()}`)
		});
		expect(seen).toEqual(['xl/_rels/workbook.xml.rels: <r/>', 'xl/sharedStrings.xml: <sst>hello</sst>']);
	});

	it('refuses what is not a zip archive with a message', () => {
		expect(() => checkZipBounds(new Uint8Array(100), 'nothing.xlsx')).toThrow(expect.objectContaining({ code: 'unsupported' }));
	});
});
