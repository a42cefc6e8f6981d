import { expect } from 'vitest';
import { ClusterModel } from '../../src/lib/cluster/model';

/**
 * Suggests `clusters` groups for praise, complaints and other comments (in that order) and checks
 * that all the praise is in one group, all the complaints in another, and neither left out.
 */
export function expectPraiseApartFromComplaints(praise: readonly string[], complaints: readonly string[], other: readonly string[], clusters = 3): void {
	const { groups } = new ClusterModel([...praise, ...complaints, ...other]).suggest({ clusters });
	const groupOf = (i: number) => groups.findIndex((g) => g.members.includes(i));
	const good = new Set(praise.map((_, i) => groupOf(i)));
	const bad = new Set(complaints.map((_, i) => groupOf(praise.length + i)));
	expect(good.size).toBe(1);
	expect(bad.size).toBe(1);
	expect([...good][0]).toBeGreaterThanOrEqual(0);
	expect([...bad][0]).toBeGreaterThanOrEqual(0);
	expect([...good][0]).not.toBe([...bad][0]);
}
