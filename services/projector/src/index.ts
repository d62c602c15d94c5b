export * from './operations';
export * from './writer';
export * from './folds';
export * from './projection';
export * from './rebuild';
export * from './lock';
export * from './service';
