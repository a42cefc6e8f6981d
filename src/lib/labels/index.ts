export * from './count';
export * from './plural';
export * from './sentences';
