export * from './text';
export * from './vectors';
export * from './svd';
export * from './kmeans';
export * from './keywords';
export * from './duplicates';
export * from './metrics';
export * from './model';
