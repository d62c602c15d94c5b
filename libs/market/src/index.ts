/** Pure market domain: price grid, fees, order book. No I/O. */
export * from './price-grid';
export * from './fees';
export * from './order-book';
export * from './market-state';
