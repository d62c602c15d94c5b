import { createDatabase } from '@polly/db';
import { startPostgres, tradingHistory } from '@polly/testing';
import { foldEvent, coalesce, applyOperations, MAIN_PROJECTION, projectBatch } from '@polly/projector';
import { migrate } from './database';
async function main() {
  const pg = await startPostgres();
  const url = pg.connectionString('bench');
  await migrate(url);
  const db = createDatabase({ connectionString: url });
  const history = tradingHistory({ events: 40000, seed: 1 });
  let t = performance.now();
  const batches = [];
  for (let i = 0; i < history.length; i += 2000) batches.push(history.slice(i, i + 2000).map((event, j) => ({ event, streamSequence: i + j + 1 })));
  let statements = 0;
  t = performance.now();
  for (const b of batches) {
    const phases = coalesce(b.flatMap(x => foldEvent(x.event)));
    statements += phases.length;
    await projectBatch(db, MAIN_PROJECTION, 'TRADING', b);
  }
  console.log('projectBatch', Math.round(history.length / ((performance.now() - t) / 1000)), '/s phases/batch', statements / batches.length);
  console.log((globalThis as any).timing); await db.destroy(); await pg.stop();
}
main();
