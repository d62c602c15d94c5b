/**
 * One logical connection to the Kalshi WebSocket that outlives its sockets: opening with signed
 * upgrade headers, watching the exchange's pings, replacing a dead or dropped socket after a
 * back-off, and telling the subclass when a socket is ready (to restore subscriptions), when it is
 * gone, and what text arrived. It knows nothing about channels or messages.
 */
import { randomUUID } from 'node:crypto';
import type { Environment } from '@polly/contracts';
import WebSocket from 'ws';
import { type Clock, type TimerHandle, systemClock } from '../clock';
import { KALSHI_ENDPOINTS } from '../environments';
import { type RequestSigner, createRequestSigner } from '../rest/signing';
import { type BackoffOptions, DEFAULT_BACKOFF, reconnectDelay } from './backoff';
import type { RejectionReason } from './frames';
import { type ConnectionState, type StreamCountersSnapshot, StreamEvents, emptyStreamCounters } from './observability';

export interface ConnectionOptions {
  environment: Environment;
  /** WebSocket URL including `/trade-api/ws/v2`; defaults to the environment's documented host. */
  url?: string;
  keyId?: string;
  privateKeyPem?: string;
  clock?: Clock;
  /** No ping for this long = dead connection (default 25 s; the exchange pings every 10 s). */
  heartbeatTimeoutMs?: number;
  /** How long a command waits for its reply, and a command for a connection (default 10 s). */
  commandTimeoutMs?: number;
  /** Upgrade handshake timeout (default 10 s). */
  connectTimeoutMs?: number;
  reconnect?: Partial<BackoffOptions>;
  /** Randomness for reconnect jitter (only used when jitter > 0). */
  random?: () => number;
}

export abstract class StreamConnection {
  readonly events = new StreamEvents();
  protected readonly counterState = emptyStreamCounters();
  protected readonly clock: Clock;
  private readonly url: string;
  private readonly signer: RequestSigner | null;
  private readonly backoff: BackoffOptions;
  private socket: WebSocket | null = null;
  private currentState: ConnectionState = 'idle';
  private currentConnectionId: string | null = null;
  private ready = false;
  private readyWaiters: Array<(ready: boolean) => void> = [];
  private userClosed = false;
  private everConnected = false;
  private reconnectAttempt = 0;
  private reconnectTimer: TimerHandle | null = null;
  private heartbeatTimer: TimerHandle | null = null;
  private closeReason: string | null = null;
  private paused = false;

  constructor(protected readonly options: ConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.url = options.url ?? KALSHI_ENDPOINTS[options.environment].websocketUrl;
    this.signer = options.keyId && options.privateKeyPem ? createRequestSigner(options.keyId, options.privateKeyPem) : null;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
  }

  /** Send every wanted subscription on a fresh socket; the connection is ready when this settles. */
  protected abstract restore(connectionId: string): Promise<void>;
  /** The socket is gone: forget everything that belonged to it. */
  protected abstract forgetConnection(reason: string): void;
  /** One text frame. */
  protected abstract receive(text: string): void;

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Changes on every new socket; sids and seqs are only meaningful within one. */
  get connectionId(): string | null {
    return this.currentConnectionId;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** True while reading is paused (see `pause`). */
  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Stop reading the socket (backpressure from a consumer that cannot keep up): frames wait in
   * the network buffers and at the exchange instead of in this process. A few frames already read
   * may still be emitted. The heartbeat watchdog is suspended meanwhile, since pings are not read
   * either; the pause also applies to sockets opened while paused.
   */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.counterState.pauses += 1;
    this.stopHeartbeat();
    this.socket?.pause();
  }

  /** Read the socket again after `pause`. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.resume();
    this.armHeartbeat();
  }

  counters(): StreamCountersSnapshot {
    return structuredClone(this.counterState);
  }

  /**
   * Open the connection (it keeps reconnecting until closed). Resolves true once a socket is open
   * and every subscription restored; false if closed first or after `timeoutMs`.
   */
  connect(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.currentState === 'idle' || this.currentState === 'closed') {
      this.userClosed = false;
      this.openSocket();
    }
    return this.whenReady(timeoutMs);
  }

  /** Close for good: no reconnect. */
  async close(): Promise<void> {
    this.userClosed = true;
    if (this.reconnectTimer) this.clock.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    this.stopHeartbeat();
    this.settleWaiters(false);
    const socket = this.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'closing');
      });
    }
    this.socket = null;
    if (this.currentState !== 'closed') this.setState('closed');
  }

  protected get socketOpen(): boolean {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Send one JSON command; false when no socket is open. */
  protected sendJson(value: unknown): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(value));
    return true;
  }

  /** Resolves true once ready, false on close or after `timeoutMs`. */
  protected whenReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    if (this.userClosed) return Promise.resolve(false);
    return new Promise((resolve) => {
      let timer: TimerHandle | null = null;
      const waiter = (ready: boolean) => {
        if (timer) this.clock.clearTimer(timer);
        resolve(ready);
      };
      this.readyWaiters.push(waiter);
      if (Number.isFinite(timeoutMs)) {
        timer = this.clock.setTimer(() => {
          this.readyWaiters = this.readyWaiters.filter((candidate) => candidate !== waiter);
          resolve(false);
        }, timeoutMs);
      }
    });
  }

  protected reject(rejection: { reason: RejectionReason; type?: string; detail: string }): void {
    const byReason = this.counterState.rejectedByReason;
    byReason[rejection.reason] = (byReason[rejection.reason] ?? 0) + 1;
    this.events.emit('rejected', {
      reason: rejection.reason,
      detail: rejection.detail,
      ...(rejection.type === undefined ? {} : { type: rejection.type }),
    });
  }

  private openSocket(): void {
    this.reconnectTimer = null;
    this.closeReason = null;
    this.currentConnectionId = randomUUID();
    this.setState('connecting');
    const headers = this.signer ? this.signer.headers('GET', new URL(this.url).pathname) : {};
    const socket = new WebSocket(this.url, { headers, handshakeTimeout: this.options.connectTimeoutMs ?? 10_000 });
    this.socket = socket;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      if (this.paused) socket.pause();
      void this.onOpen();
    });
    socket.on('message', (data, isBinary) => {
      if (socket === this.socket) this.onRawFrame(data, isBinary);
    });
    socket.on('ping', () => {
      if (socket !== this.socket) return;
      this.counterState.pingsReceived += 1;
      if (!this.paused) this.armHeartbeat();
    });
    socket.on('error', (error) => {
      if (socket !== this.socket) return;
      this.closeReason ??= error.message;
      if (/Unexpected server response: 401\b/.test(error.message)) this.events.emit('unauthorized', { status: 401, message: error.message });
    });
    socket.on('close', (code, reason) => {
      if (socket === this.socket) this.onClose(this.closeReason ?? `closed with code ${code}${reason.length ? ` (${reason.toString()})` : ''}`);
    });
  }

  private async onOpen(): Promise<void> {
    this.counterState.connects += 1;
    if (this.everConnected) this.counterState.reconnects += 1;
    this.everConnected = true;
    this.reconnectAttempt = 0;
    this.setState('open');
    if (!this.paused) this.armHeartbeat();
    const connectionId = this.currentConnectionId ?? '';
    await this.restore(connectionId);
    if (connectionId !== this.currentConnectionId || this.socket === null) return;
    this.ready = true;
    this.settleWaiters(true);
  }

  private onClose(reason: string): void {
    this.socket = null;
    this.ready = false;
    this.stopHeartbeat();
    this.forgetConnection(reason);
    if (this.userClosed) {
      this.settleWaiters(false);
      this.setState('closed', reason);
      return;
    }
    // Waiters stay: they are answered by the next connection.
    const attempt = this.reconnectAttempt++;
    const delayMs = reconnectDelay(attempt, this.backoff, this.options.random);
    this.setState('reconnecting', reason, { delayMs, attempt });
    this.reconnectTimer = this.clock.setTimer(() => this.openSocket(), delayMs);
  }

  private onRawFrame(data: WebSocket.RawData, isBinary: boolean): void {
    const counters = this.counterState;
    counters.framesReceived += 1;
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    counters.bytesReceived += bytes.length;
    if (isBinary) {
      this.reject({ reason: 'binary-frame', detail: `${bytes.length} bytes` });
      return;
    }
    this.receive(bytes.toString('utf8'));
  }

  private armHeartbeat(): void {
    this.stopHeartbeat();
    const timeoutMs = this.options.heartbeatTimeoutMs ?? 25_000;
    this.heartbeatTimer = this.clock.setTimer(() => {
      this.heartbeatTimer = null;
      this.counterState.heartbeatTimeouts += 1;
      this.closeReason = `no ping from the exchange for ${timeoutMs} ms`;
      this.socket?.terminate();
    }, timeoutMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) this.clock.clearTimer(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private setState(state: ConnectionState, reason?: string, extra: { delayMs?: number; attempt?: number } = {}): void {
    const previous = this.currentState;
    this.currentState = state;
    this.events.emit('state', { state, previous, connectionId: this.currentConnectionId, ...(reason ? { reason } : {}), ...extra });
  }

  private settleWaiters(ready: boolean): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter(ready);
  }
}
