import type { AnyEvent, StreamHandlers } from '@polly/contracts';
import type { RowOperation } from '../operations';
import { controlFold } from './control';
import { marketsFold } from './markets';
import { systemFold } from './system';
import { tradingFold } from './trading';

/** The streams the projector folds, and the fold for each event type in them. */
export const PROJECTED_STREAMS = ['MARKETS', 'TRADING', 'CONTROL', 'SYSTEM'] as const;
export type ProjectedStream = (typeof PROJECTED_STREAMS)[number];

const folds: Record<string, (event: never) => RowOperation[]> = {
  ...(marketsFold as StreamHandlers<'MARKETS', RowOperation[]>),
  ...(tradingFold as StreamHandlers<'TRADING', RowOperation[]>),
  ...(controlFold as StreamHandlers<'CONTROL', RowOperation[]>),
  ...(systemFold as StreamHandlers<'SYSTEM', RowOperation[]>),
};

/** What an event does to the read models (pure). Unknown types do nothing. */
export function foldEvent(event: AnyEvent): RowOperation[] {
  const fold = folds[event.type];
  return fold ? fold(event as never) : [];
}
