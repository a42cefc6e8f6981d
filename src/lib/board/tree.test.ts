import { describe, expect, it } from 'vitest';
import { childrenByParent, effectiveParents, MAX_NESTING } from './tree';

const g = (id: string, parentId: string | null = null) => ({ id, parentId });

describe('effectiveParents', () => {
	it('keeps a valid tree as stored', () => {
		expect(effectiveParents([g('grp_a'), g('grp_b', 'grp_a'), g('grp_c', 'grp_b')])).toEqual(
			new Map([
				['grp_a', null],
				['grp_b', 'grp_a'],
				['grp_c', 'grp_b']
			])
		);
	});
	it('makes a group that is its own parent, or whose parent is missing, top-level', () => {
		const parents = effectiveParents([g('grp_a', 'grp_a'), g('grp_b', 'grp_gone'), g('grp_c', 'grp_a')]);
		expect(parents.get('grp_a')).toBeNull();
		expect(parents.get('grp_b')).toBeNull();
		expect(parents.get('grp_c')).toBe('grp_a');
	});
	it('cuts a loop of parents at its smallest id, whatever order the groups come in', () => {
		const loop = [g('grp_c', 'grp_a'), g('grp_a', 'grp_b'), g('grp_b', 'grp_c'), g('grp_d', 'grp_b')];
		for (const order of [loop, [...loop].reverse()]) {
			const parents = effectiveParents(order);
			expect(parents.get('grp_a')).toBeNull();
			expect(parents.get('grp_c')).toBe('grp_a');
			expect(parents.get('grp_b')).toBe('grp_c');
			expect(parents.get('grp_d')).toBe('grp_b');
		}
	});
	it(`makes a group nested more than ${MAX_NESTING} levels deep top-level`, () => {
		const ids = Array.from({ length: MAX_NESTING + 3 }, (_, i) => `grp_${String(i).padStart(2, '0')}`);
		const parents = effectiveParents(ids.map((id, i) => g(id, i ? ids[i - 1] : null)));
		expect(parents.get(ids[MAX_NESTING])).toBe(ids[MAX_NESTING - 1]);
		expect(parents.get(ids[MAX_NESTING + 1])).toBeNull();
		expect(parents.get(ids[MAX_NESTING + 2])).toBe(ids[MAX_NESTING + 1]);
	});
});

describe('childrenByParent', () => {
	it('puts every group in exactly one list, so walking down from the top reaches all of them', () => {
		const groups = [g('grp_a', 'grp_a'), g('grp_b', 'grp_c'), g('grp_c', 'grp_b'), g('grp_d', 'grp_b')];
		const kids = childrenByParent(groups);
		const reached: string[] = [];
		const visit = (p: string | null) => {
			for (const k of kids.get(p) ?? []) {
				reached.push(k.id);
				visit(k.id);
			}
		};
		visit(null);
		expect(reached.sort()).toEqual(['grp_a', 'grp_b', 'grp_c', 'grp_d']);
	});
});
