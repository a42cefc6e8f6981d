export type { ImportSummary, FieldContext, NonAnswerChoice } from '../context/summary';
