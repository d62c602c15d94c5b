/** Events and counters of the WebSocket client (for ingest, logs and the metrics endpoint). */
import { EventEmitter } from 'node:events';
import type { ControlFrame, RejectionReason, StreamMessage } from './frames';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  connectionId: string | null;
  /** Why the connection went down or could not be opened. */
  reason?: string;
  /** For `reconnecting`: the delay before the next attempt and its number (0 = first). */
  delayMs?: number;
  attempt?: number;
}

export interface SequenceGap {
  connectionId: string;
  sid: number;
  channel: string | null;
  expectedSeq: number;
  receivedSeq: number;
  /** Every market of the subscription: a sequence counts across all of them, so all are suspect. */
  marketTickers: string[];
  /** What the client does about it. */
  recovery: 'snapshot-requested' | 'none';
}

export interface RejectedFrame {
  reason: RejectionReason;
  type?: string;
  detail: string;
}

export interface RestoredSubscriptions {
  connectionId: string;
  channels: Array<{ channel: string; sid: number | null; marketTickers: number | 'all'; ok: boolean }>;
}

export interface ChannelFailure {
  channel: string | null;
  sid: number | null;
  code: number;
  message: string;
  /** Codes 10 and 25 end the subscription; the client subscribes again. */
  resubscribing: boolean;
}

export interface StreamEventMap {
  message: [StreamMessage];
  state: [StateChange];
  gap: [SequenceGap];
  rejected: [RejectedFrame];
  /** Every subscription was sent again after a (re)connect. */
  restored: [RestoredSubscriptions];
  'channel-error': [ChannelFailure];
  /** The upgrade was refused with 401: the key is wrong or revoked. */
  unauthorized: [{ status: number; message: string }];
  /** Replies to commands, for tracing. */
  control: [ControlFrame];
}

export class StreamEvents extends EventEmitter<StreamEventMap> {}

export interface StreamCountersSnapshot {
  framesReceived: number;
  bytesReceived: number;
  messagesByType: Record<string, number>;
  rejectedByReason: Partial<Record<RejectionReason, number>>;
  legacyFrames: number;
  duplicatesDropped: number;
  gaps: number;
  snapshotRequests: number;
  commandsSent: number;
  commandErrors: number;
  commandTimeouts: number;
  connects: number;
  reconnects: number;
  heartbeatTimeouts: number;
  pingsReceived: number;
  /** Times reading was paused by the consumer (backpressure). */
  pauses: number;
}

export function emptyStreamCounters(): StreamCountersSnapshot {
  return {
    framesReceived: 0,
    bytesReceived: 0,
    messagesByType: {},
    rejectedByReason: {},
    legacyFrames: 0,
    duplicatesDropped: 0,
    gaps: 0,
    snapshotRequests: 0,
    commandsSent: 0,
    commandErrors: 0,
    commandTimeouts: 0,
    connects: 0,
    reconnects: 0,
    heartbeatTimeouts: 0,
    pingsReceived: 0,
    pauses: 0,
  };
}
