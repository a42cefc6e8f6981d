import { KeyedBuckets } from '../../src/lib/server/rate-limit.ts';

/**
 * What may be queued for one connection besides the sync answer being written to it
 * (SEND_BUFFER_BYTES) before it is closed as too slow. A board's live traffic comes in bursts:
 * a 10,000-row import reaches every tab as it is made, 3 MB for 10,000 generated notes and about
 * 6 MB with a survey's customer fields; 8 MB takes such an import plus presence and edits
 * meanwhile, on a tab that reads no faster than it arrives. The join answer is counted apart, so
 * a board of any size can be joined over a slow connection.
 */
export const SEND_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * How often every connection is pinged (HEARTBEAT_MS). One from which nothing came back (no pong,
 * no message) for two rounds is cut: its peer went away without closing (a laptop's lid, a dropped
 * network), and without this the server kept it, counted against its address's tabs
 * (MAX_CONNECTIONS_PER_ADDRESS) and boards (MAX_ROOMS_PER_CLIENT) and holding its board in memory,
 * until a write to it failed, which on a quiet board is never.
 */
export const HEARTBEAT_MS = 30_000;

/**
 * A token bucket per connection: `rate` messages a second on average, bursts up to `burst`.
 * A browser sends a few presence and document messages a second, even while dragging;
 * a client far above that is broken or hostile and is disconnected.
 */
export class RateLimit {
	private tokens: number;
	private last: number;

	constructor(
		private readonly rate: number,
		private readonly burst = rate * 2,
		now = Date.now()
	) {
		this.tokens = burst;
		this.last = now;
	}

	/** Takes one token; false when the bucket is empty. */
	take(now = Date.now()): boolean {
		this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

/**
 * Bytes of document changes (sync updates) one client address may send a second on average
 * (UPDATE_BYTES_PER_SECOND), in bursts of up to UPDATE_BURST_SECONDS seconds of it. People send
 * a few kilobytes a second, a large paste a few hundred kilobytes once, and imports and restores
 * are the server's own changes; one script sending updates of the largest size as fast as its
 * socket took them (75 MB in a few seconds) held every other person's edit of the board back
 * for twelve seconds and made the process hold 1.4 GB. Past the budget the connection is closed
 * (4429) before the update is read; a tab keeps its changes and sends them again when it reconnects.
 */
export const UPDATE_BYTES_PER_SECOND = 1024 * 1024;
export const UPDATE_BURST_SECONDS = 4;

/**
 * New presence identities (awareness client ids nobody owns yet) one client address may claim a
 * minute, on average, in bursts of `PRESENCE_CLAIMS_BURST_MINUTES` minutes of it. Each claim is a
 * row of `board_clients` kept for a day and read whenever the board loads; a script churning
 * viewer connections, each with a participant and presence of its own, claimed 1,594 in 30 s
 * (190,000 rows an hour). A tab claims one per page load, so a workshop behind one address stays
 * far within it; a presence past it is not shown (the tab's edits are not affected).
 */
export const PRESENCE_CLAIMS_PER_MINUTE = 120;
export const PRESENCE_CLAIMS_BURST_MINUTES = 2.5;

/**
 * Presence (awareness) messages all connections of one client address may send a second, on
 * average (PRESENCE_MESSAGES_PER_SECOND), in bursts of PRESENCE_BURST_SECONDS seconds of it; and
 * PRESENCE_BYTES_PER_MESSAGE bytes for each of those, on average, over the same window. Each message
 * costs the server a check and is relayed to everyone on the board, and the per-connection limit
 * (`RATE_LIMIT`, 300 a second) does not bound an address that opens many connections: 150 of them
 * sending at the app's own rate made 3,000 a second. A tab sends at most 20 a second
 * (`PRESENCE_INTERVAL_MS`, while its pointer moves; one every 15 s at rest), about 300 bytes each,
 * up to 4 KB with a large selection. The budget takes a whole workshop behind one address, as the
 * other per-address limits do (`MAX_CONNECTIONS_PER_ADDRESS`, `RefusalBudget`): 40 people moving
 * their pointers all at once send 800 a second, which the burst takes for ten seconds, and half of
 * them moving all the time is the average. Past it, a message is not read; the connection's latest
 * one waits and is taken once the address has budget again (`PRESENCE_RETRY_MS`), so others see
 * fewer of its moves but never a stale position. Document changes and commands are not affected.
 */
export const PRESENCE_MESSAGES_PER_SECOND = 400;
export const PRESENCE_BURST_SECONDS = 10;
export const PRESENCE_BYTES_PER_MESSAGE = 2560;
/** How long a connection's presence waits before it is tried again against its address's budget. */
export const PRESENCE_RETRY_MS = 250;

/**
 * The presence budget of every client address (`PRESENCE_MESSAGES_PER_SECOND`): `KeyedBuckets` of
 * messages and of bytes, taken from together.
 */
export class PresenceBudget {
	private readonly messages: KeyedBuckets;
	private readonly bytes: KeyedBuckets;

	constructor(perSecond = PRESENCE_MESSAGES_PER_SECOND) {
		this.messages = new KeyedBuckets(perSecond, perSecond * PRESENCE_BURST_SECONDS);
		this.bytes = new KeyedBuckets(perSecond * PRESENCE_BYTES_PER_MESSAGE, perSecond * PRESENCE_BYTES_PER_MESSAGE * PRESENCE_BURST_SECONDS);
	}

	/** Takes one message of `bytes` from `key`'s budget and answers true; answers false and takes nothing when either is spent. */
	spend(key: string, bytes: number, now = Date.now()): boolean {
		// A message larger than the whole burst (a stock client's echo of a huge room) waits for a full budget.
		if (this.messages.tokens(key, now) < 1 || this.bytes.tokens(key, now) < Math.min(bytes, this.bytes.burst)) return false;
		this.messages.charge(key, 1, now);
		this.bytes.charge(key, bytes, now);
		return true;
	}

	/** Forgets the addresses whose budget has filled up again. */
	prune(now = Date.now()): void {
		this.messages.prune(now);
		this.bytes.prune(now);
	}
}

/**
 * New Yjs client ids (ones nobody wrote as yet) one update may write as. A tab writes as one id,
 * a new one each time the page loads; a tab that reconnects after being reloaded offline sends
 * the changes of each of those loads, so a handful. Each id is a row of `board_clients`, an entry
 * of every state vector the board sends, and a claim to look up: one editor's updates of 3,000
 * fresh ids each, sent ten times, stalled the server's event loop for 27.5 s and kept a new viewer
 * from loading the board. Such an update is refused (4412). New ids written as also take from a
 * budget of the address, as many a minute as `PRESENCE_CLAIMS_PER_MINUTE` (kept apart from presence
 * claims); past it the tab is closed with 4429 and sends its changes again when it reconnects.
 */
export const MAX_NEW_CLIENTS_PER_UPDATE = 32;

/**
 * Client ids one participant may write as on a board, over its life (a person's page loads and
 * tabs on every device). Far past what a workshop's days of reloads make; an update past it is
 * refused (4412), so a participant cannot grow the board's state vector without bound.
 */
export const MAX_CLIENTS_PER_PARTICIPANT = 2_000;

/** The budget of document changes of every client address (`UPDATE_BYTES_PER_SECOND`): a `KeyedBuckets` of bytes. */
export class ChangeBudget extends KeyedBuckets {
	constructor(rate = UPDATE_BYTES_PER_SECOND, burst = rate * UPDATE_BURST_SECONDS) {
		super(rate, burst);
	}

	/** Takes `bytes` from `key`'s budget and answers true; answers false and takes nothing when less is left. */
	spend(key: string, bytes: number, now = Date.now()): boolean {
		return this.spendIfAvailable(key, bytes, now);
	}
}

/**
 * Connections one client address may have refused for their credential (a wrong, replaced or
 * made-up link, a board that does not exist): REFUSALS_BURST at once, then REFUSALS_PER_SECOND.
 * Each refusal costs the database a look-up or three, and a flood of them from one address made
 * every board's edits wait behind those look-ups; past the budget the address's next connections
 * are closed (4429) before anything is looked up. A tab stops reconnecting once its link is
 * refused, so honest users stay far within it, a whole workshop behind one address whose link was
 * just replaced included (the tabs past the burst are told to wait and get their answer shortly).
 */
export const REFUSALS_PER_SECOND = 5;
export const REFUSALS_BURST = 100;

/**
 * Past its refusal budget, how many connections a second one address is still told why over a
 * WebSocket (close 4429 with the reason, which the app shows): REFUSAL_NOTICES_PER_SECOND, with
 * bursts of REFUSAL_NOTICES_BURST. Each costs a whole handshake; the rest are answered
 * `429 Too Many Requests` before the upgrade, which costs next to nothing. A flood of 50 connections
 * at a time with a wrong link, all told why, moved another board's edit round trip from 21 ms to
 * 45 ms (median) and 133 ms (p90).
 */
export const REFUSAL_NOTICES_PER_SECOND = 2;
export const REFUSAL_NOTICES_BURST = 10;

/**
 * The refusal budget of every client address (`REFUSALS_PER_SECOND`, `REFUSALS_BURST`): a
 * `KeyedBuckets` of refusals, and the connections of each address whose credential is being
 * looked up right now.
 */
export class RefusalBudget extends KeyedBuckets {
	private readonly checking = new Map<string, number>();

	constructor(rate = REFUSALS_PER_SECOND, burst = REFUSALS_BURST) {
		super(rate, burst);
	}

	/**
	 * Whether `key` may have a connection checked. An address refused nothing lately (a full
	 * budget) may have any number checked at once: a workshop behind one address reconnecting
	 * together. Once it has been refused, the connections being checked count as refusals to come,
	 * so connections checked at the same time cannot all pass on the budget's last token (50 at a
	 * time with a wrong link had 580 looked up in 10 s, where the budget allows about 150).
	 */
	allows(key: string, now = Date.now()): boolean {
		const tokens = this.tokens(key, now);
		if (tokens >= this.burst) return true;
		return tokens - (this.checking.get(key) ?? 0) >= 1;
	}

	/** A connection of `key` is being checked (`allows` said yes); `end` when it has its answer. */
	begin(key: string): void {
		this.checking.set(key, (this.checking.get(key) ?? 0) + 1);
	}

	/** The check `begin` counted is over; `refused` counts it against the budget. */
	end(key: string, refused: boolean, now = Date.now()): void {
		const n = (this.checking.get(key) ?? 1) - 1;
		if (n > 0) this.checking.set(key, n);
		else this.checking.delete(key);
		if (refused) this.spend(key, now);
	}

	/** Counts one refusal of `key` (connections checked at once may spend it down to 0, no further). */
	spend(key: string, now = Date.now()): void {
		this.charge(key, 1, now, 0);
	}
}

/** Problems one log line names at most (`fewOf`): a change repaired note by note named 5,000 notes in one line. */
export const MAX_LOGGED_PROBLEMS = 10;

/**
 * The first `max` of `items` joined with "; ", and how many more there are: a log line stays a
 * line however many notes one change broke. Example: `fewOf(['a', 'b', 'c'], 2)` is "a; b; and 1 more".
 */
export function fewOf(items: readonly string[], max = MAX_LOGGED_PROBLEMS): string {
	const shown = items.slice(0, max).join('; ');
	return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}
