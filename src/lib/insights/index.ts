export * from './text';
export * from './insights';
export * from './recurring';
