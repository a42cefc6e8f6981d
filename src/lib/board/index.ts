export * from './ids';
export * from './schema';
export * from './note';
export * from './group';
export * from './validate';
export * from './migrate';
