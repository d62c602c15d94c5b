/**
 * The JetStream streams and their retention. Names and subjects can be namespaced so tests can
 * share one server without seeing each other's messages.
 */
export type StreamName = 'MARKET_DATA' | 'MARKETS' | 'TRADING' | 'CONTROL' | 'SYSTEM' | 'DEAD_LETTER';

export interface StreamDefinition {
  name: StreamName;
  /** Subject prefix, the first token of every subject in the stream. */
  prefix: string;
  retention: 'forever' | 'limits';
  /** Maximum age in seconds for limits retention (0 = no age limit). */
  maxAgeSeconds: number;
  /** Maximum bytes for limits retention (-1 = unlimited). */
  maxBytes: number;
  /** Broker duplicate window in seconds (msgID de-duplication). */
  duplicateWindowSeconds: number;
  description: string;
}

const hour = 3600;
const day = 24 * hour;

export const STREAMS: Record<StreamName, StreamDefinition> = {
  MARKET_DATA: {
    name: 'MARKET_DATA',
    prefix: 'md',
    retention: 'limits',
    maxAgeSeconds: 2 * day,
    maxBytes: 8 * 1024 ** 3,
    duplicateWindowSeconds: 120,
    description: 'Normalised ticker, order book snapshots and deltas, trades, lifecycle, index values.',
  },
  MARKETS: {
    name: 'MARKETS',
    prefix: 'markets',
    retention: 'forever',
    maxAgeSeconds: 0,
    maxBytes: -1,
    duplicateWindowSeconds: 600,
    description: 'Discovered and updated series, events and markets; internal states; the subscription plan.',
  },
  TRADING: {
    name: 'TRADING',
    prefix: 'trading',
    retention: 'forever',
    maxAgeSeconds: 0,
    maxBytes: -1,
    duplicateWindowSeconds: 600,
    description: 'Agent decisions, intents, gate decisions, approvals, orders, fills, positions, balances, P/L.',
  },
  CONTROL: {
    name: 'CONTROL',
    prefix: 'control',
    retention: 'forever',
    maxAgeSeconds: 0,
    maxBytes: -1,
    duplicateWindowSeconds: 600,
    description: 'Commands and their outcomes: kill switch, modes, approvals, keys connected (never the keys).',
  },
  SYSTEM: {
    name: 'SYSTEM',
    prefix: 'system',
    retention: 'limits',
    maxAgeSeconds: 14 * day,
    maxBytes: 1024 ** 3,
    duplicateWindowSeconds: 120,
    description: 'Service heartbeats, connection status, discovery progress, reconciliation cycles.',
  },
  DEAD_LETTER: {
    name: 'DEAD_LETTER',
    prefix: 'deadletter',
    retention: 'limits',
    maxAgeSeconds: 30 * day,
    maxBytes: 1024 ** 3,
    duplicateWindowSeconds: 120,
    description: 'Messages a consumer could never process, with the reason, the original subject and payload.',
  },
};

export const STREAM_NAMES = Object.keys(STREAMS) as StreamName[];

export function streamName(namespace: string, name: StreamName): string {
  return namespace ? `${namespace}_${name}` : name;
}
