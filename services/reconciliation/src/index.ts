export * from './diff/apply';
export * from './diff/fills';
export * from './diff/model';
export * from './diff/orders';
export * from './diff/positions';
