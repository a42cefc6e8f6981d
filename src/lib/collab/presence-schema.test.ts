import { describe, expect, it } from 'vitest';
import { checkPresence, MAX_PRESENCE_BYTES } from './presence-schema';

const who = { participant: 'user_real', role: 'viewer' as const };
const honest = { user: { id: 'user_real', name: 'Vic', color: '#175cd3', role: 'viewer' }, cursor: { x: 1, y: 2 }, selection: ['note_a'] };

describe('checkPresence', () => {
	it('relays an honest state with the connection’s participant and role', () => {
		const out = JSON.parse(checkPresence(JSON.stringify(honest), who)!);
		expect(out.user).toEqual({ id: 'user_real', name: 'Vic', color: '#175cd3', role: 'viewer' });
		expect(out.cursor).toEqual({ x: 1, y: 2 });
		expect(out.selection).toEqual(['note_a']);
	});

	it('overwrites a forged id and role: nobody appears as someone else or as a facilitator', () => {
		const forged = { ...honest, user: { ...honest.user, id: 'user_facilitator', role: 'facilitator', name: 'Boss' } };
		const out = JSON.parse(checkPresence(JSON.stringify(forged), who)!);
		expect(out.user.id).toBe('user_real');
		expect(out.user.role).toBe('viewer');
	});

	it('shows nobody a viewer dragging notes or typing a group name, which a view-only link cannot do', () => {
		const moving = { ...honest, drag: { ids: ['note_a'], dx: 400, dy: 0 }, typing: 'grp_a' };
		const out = JSON.parse(checkPresence(JSON.stringify(moving), who)!);
		expect(out.drag).toBeNull();
		expect(out.typing).toBeNull();
		expect(out.selection).toEqual(['note_a']);
		const editor = JSON.parse(checkPresence(JSON.stringify(moving), { participant: 'user_real', role: 'editor' })!);
		expect(editor.drag).toEqual({ ids: ['note_a'], dx: 400, dy: 0 });
		expect(editor.typing).toBe('grp_a');
	});

	it('refuses colours that are not #rrggbb (a url() would make browsers fetch it)', () => {
		for (const color of ['url(http://127.0.0.1:4899/pixel)', 'red;background:url(x)', '#12345', 'rgb(0,0,0)']) {
			expect(checkPresence(JSON.stringify({ ...honest, user: { ...honest.user, color } }), who)).toBeNull();
		}
	});

	it('refuses states over the size limit, too many selected ids, and text that is not JSON', () => {
		expect(checkPresence(JSON.stringify({ ...honest, pad: 'x'.repeat(MAX_PRESENCE_BYTES) }), who)).toBeNull();
		expect(checkPresence(JSON.stringify({ ...honest, selection: Array.from({ length: 501 }, (_, i) => `n${i}`) }), who)).toBeNull();
		expect(checkPresence('{"user":', who)).toBeNull();
		expect(checkPresence('"just a string"', who)).toBeNull();
	});

	it('cuts long names to 40 characters and drops unknown keys', () => {
		const out = JSON.parse(checkPresence(JSON.stringify({ ...honest, user: { ...honest.user, name: '👍'.repeat(100) }, extra: 1 }), who)!);
		expect([...out.user.name].length).toBeLessThanOrEqual(40);
		expect(out.extra).toBeUndefined();
	});

	it('takes bidi overrides out of names, so a name cannot show its letters in another order or reverse what follows', () => {
		const out = JSON.parse(checkPresence(JSON.stringify({ ...honest, user: { ...honest.user, name: 'Vic\u202Egnp.exe\u2066' } }), who)!);
		expect(out.user.name).toBe('Vicgnp.exe');
	});
});
