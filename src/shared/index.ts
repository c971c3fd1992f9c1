export * from './stages';
export * from './vocab';
export * from './time';
export * from './rules';
