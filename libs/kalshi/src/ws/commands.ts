/**
 * Commands waiting for their reply. Each command gets an increasing id; its promise settles on the
 * reply with that id, on an error reply, on its timeout, or when the connection goes away. A
 * `get_snapshot` also settles once a snapshot has arrived for each market it asked for.
 */
import type { Clock, TimerHandle } from '../clock';
import type { ControlFrame } from './frames';
import type { StreamCountersSnapshot } from './observability';

export type CommandFailure =
  | { kind: 'command-error'; code: number; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'disconnected'; message: string }
  | { kind: 'closed'; message: string }
  | { kind: 'invalid-request'; message: string };

export type StreamResult<T> = { ok: true; value: T } | { ok: false; error: CommandFailure };

/** What settles a command: a control reply, or (for get_snapshot) the last expected snapshot. */
export type CommandReply = ControlFrame | { type: 'snapshots'; marketTickers: string[] };

interface Pending {
  readonly resolve: (result: StreamResult<CommandReply>) => void;
  readonly timer: TimerHandle;
  readonly snapshotsAwaited: Set<string> | null;
  readonly snapshotTickers: string[];
}

export class PendingCommands {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly counters: StreamCountersSnapshot,
  ) {}

  /** Reserve an id and wait for its reply. */
  open(snapshotTickers: string[] | null = null): { id: number; reply: Promise<StreamResult<CommandReply>> } {
    const id = this.nextId++;
    const reply = new Promise<StreamResult<CommandReply>>((resolve) => {
      const timer = this.clock.setTimer(() => {
        this.counters.commandTimeouts += 1;
        this.finish(id, { ok: false, error: { kind: 'timeout', message: `no reply to command ${id} within ${this.timeoutMs} ms` } });
      }, this.timeoutMs);
      this.pending.set(id, {
        resolve,
        timer,
        snapshotsAwaited: snapshotTickers ? new Set(snapshotTickers) : null,
        snapshotTickers: snapshotTickers ?? [],
      });
    });
    return { id, reply };
  }

  /** A reply arrived; returns false when nobody was waiting for that id. */
  reply(frame: ControlFrame): boolean {
    if (frame.id === null || !this.pending.has(frame.id)) return false;
    if (frame.type === 'error') {
      this.counters.commandErrors += 1;
      this.finish(frame.id, { ok: false, error: { kind: 'command-error', code: frame.code, message: frame.message } });
    } else {
      this.finish(frame.id, { ok: true, value: frame });
    }
    return true;
  }

  /** A snapshot answering a get_snapshot command arrived. */
  snapshotArrived(id: number, marketTicker: string): void {
    const entry = this.pending.get(id);
    if (!entry?.snapshotsAwaited) return;
    entry.snapshotsAwaited.delete(marketTicker);
    if (entry.snapshotsAwaited.size === 0) this.finish(id, { ok: true, value: { type: 'snapshots', marketTickers: entry.snapshotTickers } });
  }

  /** Settle every waiting command with the same failure (connection lost or client closed). */
  failAll(error: CommandFailure): void {
    for (const id of [...this.pending.keys()]) this.finish(id, { ok: false, error });
  }

  isWaiting(id: number): boolean {
    return this.pending.has(id);
  }

  size(): number {
    return this.pending.size;
  }

  private finish(id: number, result: StreamResult<CommandReply>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.clock.clearTimer(entry.timer);
    entry.resolve(result);
  }
}
