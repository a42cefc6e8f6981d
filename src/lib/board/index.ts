export * from './ids.ts';
export * from './schema.ts';
export * from './note.ts';
export * from './group.ts';
export * from './migrate.ts';
export * from './repair.ts';
