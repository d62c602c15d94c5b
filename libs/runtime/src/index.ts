export * from './config';
export * from './redaction';
export * from './logger';
export * from './metrics';
export * from './health';
export * from './service';
export * from './common-config';
export * from './secrets';
