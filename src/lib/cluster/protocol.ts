import type { DuplicateStack } from './duplicates';
import type { Keyword } from './keywords';
import type { Progress, Suggestion } from './model';
import type { Phrase } from './phrases';
import type { PolarityFields } from './sentiment';
import type { SortResult } from './sort';

/** Messages to the clustering worker. `texts` is the set of notes the answer is about. */
export type WorkerRequest =
	| { id: number; type: 'suggest'; texts: string[]; clusters?: number; fields?: PolarityFields[] }
	/** labels[i]: the group of note i (0..groups-1), or -1 for a note to sort. */
	| { id: number; type: 'sort'; texts: string[]; labels: number[]; groups: number; minConfidence?: number }
	| { id: number; type: 'similar'; texts: string[]; index: number; limit: number }
	| { id: number; type: 'duplicates'; texts: string[]; threshold?: number; questions?: string[] }
	| { id: number; type: 'describe'; texts: string[]; members: number[] };

export type WorkerAnswer =
	| { id: number; type: 'progress'; progress: Progress }
	| { id: number; type: 'suggest'; suggestion: Suggestion }
	| { id: number; type: 'similar'; similar: { index: number; similarity: number }[] }
	| { id: number; type: 'duplicates'; stacks: DuplicateStack[] }
	| { id: number; type: 'describe'; keywords: Keyword[]; phrases: Phrase[]; title: string }
	| { id: number; type: 'sort'; result: SortResult }
	| { id: number; type: 'error'; message: string };
