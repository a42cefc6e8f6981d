declare global {
	namespace App {
		interface Error {
			message: string;
			hint?: string;
		}
		interface Locals {
			/** This browser's public participant id (`user_…`), from its `gb_participant` cookie. */
			participant: string;
		}
	}
}

export {};
