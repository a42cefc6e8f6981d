export * from './ids';
export * from './schema';
export * from './note';
export * from './group';
export * from './migrate';
export * from './repair';
