/** Every migration, in order. Names sort lexically; never rename or edit an applied one. */
import type { Migration } from 'kysely';
import * as readModels from './0001-read-models';

export const migrations: Record<string, Migration> = {
  '0001-read-models': readModels,
};

export { READ_MODEL_SCHEMAS } from './0001-read-models';
