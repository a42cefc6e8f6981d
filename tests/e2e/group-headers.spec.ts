import { expect, test, type Locator, type Page } from './test';
import { addGroups, addNotes, makeGroup, makeNote } from '../../src/lib/board';
import { editBoard, joinAs } from './collab-helpers';
import { createBoard } from './helpers';

/*
 * A group's header (its name field and buttons) reads whole and stays usable: the name field's
 * hint fits the narrowest frame, and the controls over the board never cover a header someone
 * is typing in.
 */

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** How wide the field's placeholder is drawn, and how wide its text box is (CSS pixels, before the camera's zoom). */
const placeholderFit = (input: Locator) =>
	input.evaluate((el: HTMLInputElement) => {
		const cs = getComputedStyle(el, '::placeholder');
		const box = getComputedStyle(el);
		const ctx = document.createElement('canvas').getContext('2d')!;
		ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
		return { text: ctx.measureText(el.placeholder).width, room: el.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight) };
	});

/** The screen rectangles of the controls floating over the board. */
const overlays = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('[data-board-overlay]')]
			.map((o) => o.getBoundingClientRect())
			.filter((r) => r.width > 0)
			.map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height }))
	);

/** Whether what is drawn at the middle of `el` is `el` itself (nothing over it). */
const onTop = (el: Locator) =>
	el.evaluate((e) => {
		const r = e.getBoundingClientRect();
		const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return !!top && (top === e || e.contains(top));
	});

test('the name field of a group of one note shows its whole hint, and says what to do to a screen reader', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'One note');
	await editBoard(baseURL!, b.id, b.links.facilitator, (doc) => {
		addNotes(doc, [makeNote({ text: 'The nurse at night was kind', x: 300, y: 200, createdBy: 'seed' })], { kind: 'server' });
	});
	const { page } = await joinAs(browser, b.links.editor, 'Nora', { width: 1280, height: 800 });
	await page.getByRole('button', { name: /^Zoom to 100%/ }).click();
	await expect(page.getByTestId('canvas')).toHaveAttribute('data-zoom', '1.000');
	await page.getByTestId('note').click();
	await page.keyboard.press('g');
	const input = page.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await expect(input).toHaveValue('');
	const fit = await placeholderFit(input);
	expect(fit.text, `placeholder ${fit.text}px wide in a ${fit.room}px field`).toBeLessThanOrEqual(fit.room);
	await expect(input).toHaveAccessibleName(/Name this group/);
	await expect(input).toHaveAttribute('title', /Name this group/);
	await page.getByTestId('group').screenshot({ path: test.info().outputPath('one-note-group.png') });
	await page.screenshot({ path: test.info().outputPath('one-note-group-page.png') });
});

test('a group whose header was panned under the zoom bar comes clear of it when its name is opened for typing', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Under the bar');
	await editBoard(baseURL!, b.id, b.links.facilitator, (doc) => {
		const g = makeGroup({ id: 'grp_bill', label: 'Billing', x: 40, y: 40, order: 'a0' });
		addGroups(doc, [g], { kind: 'server' });
		addNotes(doc, ['Charged twice', 'Invoice came late', 'Wrong address on the bill'].map((text, i) => makeNote({ text, groupId: g.id, order: `a${i}`, createdBy: 'seed' })), { kind: 'server' });
	});
	const { page } = await joinAs(browser, b.links.editor, 'Nora', { width: 1280, height: 800 });
	await page.getByRole('button', { name: /^Zoom to 100%/ }).click();
	await expect(page.getByTestId('canvas')).toHaveAttribute('data-zoom', '1.000');
	const name = page.getByTestId('group-name');
	await name.click();
	await expect(name).toBeFocused();

	// The person pans the board until the group's header lies under the zoom bar.
	const bar = (await page.getByRole('toolbar', { name: 'Zoom' }).boundingBox())!;
	const header = page.locator('[data-testid="group"] [data-part="header"]');
	const at = (await header.boundingBox())!;
	const canvas = (await page.getByTestId('canvas').boundingBox())!;
	await page.mouse.move(canvas.x + 200, canvas.y + 200);
	await page.mouse.wheel(at.x - (bar.x + 20), at.y - (bar.y + 4));
	await expect.poll(async () => overlap((await header.boundingBox())!, bar)).toBe(true);
	await page.screenshot({ path: test.info().outputPath('header-under-bar.png') });

	// F2 opens the name for typing: the field comes out from under the controls, whole on screen, and takes the keys.
	await page.keyboard.press('F2');
	const input = page.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await expect.poll(async () => {
		const box = (await input.boundingBox())!;
		return (await overlays(page)).some((o) => overlap(box, o));
	}).toBe(false);
	const box = (await input.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(canvas.x);
	expect(box.y).toBeGreaterThanOrEqual(canvas.y);
	expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
	expect(await onTop(input)).toBe(true);
	await page.screenshot({ path: test.info().outputPath('header-clear-of-bar.png') });
	await page.keyboard.press('End');
	await page.keyboard.type(' errors');
	await page.keyboard.press('Enter');
	await expect(name).toHaveText('Billing errors');
});

test('between 30% and 60%, where group names are drawn as labels, the group being named shows its name field with no label over it', async ({ browser, baseURL }) => {
	const b = await createBoard(baseURL!, 'Mid zoom');
	await editBoard(baseURL!, b.id, b.links.facilitator, (doc) => {
		const g = makeGroup({ id: 'grp_wait', label: 'Waiting times', x: 40, y: 40, order: 'a0' });
		addGroups(doc, [g], { kind: 'server' });
		addNotes(doc, ['Two hours in the waiting room', 'Nobody said how long'].map((text, i) => makeNote({ text, groupId: g.id, order: `a${i}`, createdBy: 'seed' })), { kind: 'server' });
		addNotes(doc, ['Parking was full', 'No spaces near the door', 'Paid for parking twice'].map((text, i) => makeNote({ text, x: 40 + i * 220, y: 600, createdBy: 'seed' })), { kind: 'server' });
	});
	const { page } = await joinAs(browser, b.links.editor, 'Nora', { width: 1280, height: 800 });
	await page.getByRole('button', { name: /^Zoom to 100%/ }).click();
	for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /^Zoom out/ }).click();
	const zoom = Number(await page.getByTestId('canvas').getAttribute('data-zoom'));
	expect(zoom).toBeGreaterThanOrEqual(0.3);
	expect(zoom).toBeLessThan(0.6);
	await expect(page.getByTestId('group-label')).toHaveCount(1);

	await page.getByTestId('note').filter({ hasText: 'Parking was full' }).click();
	await page.getByTestId('note').filter({ hasText: 'No spaces near the door' }).click({ modifiers: ['Shift'] });
	await page.keyboard.press('g');
	const input = page.getByTestId('group-name-input');
	await expect(input).toBeFocused();
	await expect(page.getByTestId('canvas')).toHaveAttribute('data-zoom', zoom.toFixed(3));
	// The other group keeps its label; the new one has none over its field.
	await expect(page.getByTestId('group-label')).toHaveCount(1);
	await expect(page.getByTestId('group-label')).toHaveAttribute('title', 'Waiting times');
	const box = (await input.boundingBox())!;
	for (const x of [box.x + 6, box.x + box.width / 2]) {
		const mine = await input.evaluate((el, [x, y]) => {
			const top = document.elementFromPoint(x, y);
			return top === el;
		}, [x, box.y + box.height / 2]);
		expect(mine, `something covers the name field at x = ${x}`).toBe(true);
	}
	await page.screenshot({ path: test.info().outputPath('mid-zoom-naming.png') });
	await page.keyboard.type('Parking');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('group-label')).toHaveCount(2);
	await expect(page.getByTestId('group-label').filter({ hasText: 'Parking' })).toBeVisible();
});
