export * from './types';
export * from './description';
export * from './derive';
