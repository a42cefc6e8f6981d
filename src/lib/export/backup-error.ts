/** A file that cannot be restored as a board, with a message that says what to do. */
export class BackupError extends Error {
	override name = 'BackupError';
}
