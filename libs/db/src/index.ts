export * from './database';
export * from './migrate';
export * from './checksum';
export * from './tables/columns';
export * from './tables/markets';
export * from './tables/trading';
export * from './tables/agents';
export * from './tables/system';
