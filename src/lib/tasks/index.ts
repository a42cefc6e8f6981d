export * from './types';
export * from './description';
export * from './derive';
export * from './webhook-payload';
export * from './assign';
export * from './department-colors';
export * from './changes';
