export * from './processes';
export * from './nats-server';
export * from './postgres';
export * from './fixtures';
export * from './random';
export * from './trading-events';
