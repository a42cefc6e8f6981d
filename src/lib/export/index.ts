export * from './board-data';
export * from './csv';
export * from './tasks-csv';
export * from './backup';
export * from './markdown';
export * from './svg';
