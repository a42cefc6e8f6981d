export * from './fields';
export * from './satisfaction';
export * from './text';
export * from './insights';
export * from './recurring';
