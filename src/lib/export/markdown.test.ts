import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { mdText } from './markdown';

const render = (text: string) => marked.parse(mdText(text), { async: false }).trim();

describe('Markdown text', () => {
	it('renders hostile names as the text they are, with no link, image or HTML', () => {
		for (const text of ['[click](javascript:alert(1))', '![x](http://attacker.example/p.png)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '*bold* _em_ `code` ~~gone~~', '# heading', '1. list', '&lt;b&gt; &amp;']) {
			const html = render(text);
			// One paragraph of text; the only markup allowed is a web address made a link (GFM autolinks).
			expect(html.replace(/<a href="https?:[^"]*">([^<]*)<\/a>/g, '$1'), text).toMatch(/^<p>[^<]*<\/p>$/);
			const decoded = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
			expect(decoded).toBe(text);
		}
	});

	it('drops bidi overrides and isolates right-to-left text', () => {
		expect(mdText('Refund \u202Egnp.exe\u202C today')).toBe('Refund gnp.exe today');
		expect(mdText('\u2067مرتجع\u2069')).toBe('\u2068مرتجع\u2069');
	});
});
