export * from './count';
export * from './plural';
