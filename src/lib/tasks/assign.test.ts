import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, initBoard, makeGroup } from '$lib/board';
import { userOrigin } from '$lib/board/origin';
import { assignGroup, assignmentOf, assignOwner } from './assign';

describe('assigning a group', () => {
	const board = () => {
		const doc = new Y.Doc();
		initBoard(doc);
		addGroups(doc, [makeGroup({ id: 'grp_late', label: 'Late delivery' })], userOrigin('user_a'));
		return doc;
	};
	const origin = userOrigin('user_a');

	it('sets the owner one field at a time, keeping the other, and clears it when both are empty', () => {
		const doc = board();
		assignOwner(doc, 'grp_late', 'name', '  Lena Berg ', origin);
		assignOwner(doc, 'grp_late', 'email', 'lena@example.com', origin);
		expect(assignmentOf(doc, 'grp_late')?.owner).toEqual({ name: 'Lena Berg', email: 'lena@example.com' });
		assignOwner(doc, 'grp_late', 'name', '', origin);
		expect(assignmentOf(doc, 'grp_late')?.owner).toEqual({ name: '', email: 'lena@example.com' });
		assignOwner(doc, 'grp_late', 'email', ' ', origin);
		expect(assignmentOf(doc, 'grp_late')?.owner).toBeNull();
	});

	it('reads what the document has, and null for a group that is not there', () => {
		const doc = board();
		assignGroup(doc, 'grp_late', { department: 'dept_care', priority: 'high', due: '2030-06-30' }, origin);
		expect(assignmentOf(doc, 'grp_late')).toEqual({ department: 'dept_care', owner: null, priority: 'high', due: '2030-06-30' });
		expect(assignmentOf(doc, 'grp_gone')).toBeNull();
	});
});
