/**
 * The two ways to follow `/events`: a WebSocket at `/events` and Server-Sent Events at
 * `/events/stream` (for htmx's SSE extension: the event name is the message type). Both carry the
 * same JSON messages. WebSocket upgrades pass the same Host, rate and token checks as HTTP
 * requests, and a foreign Origin is refused: browsers do not apply CORS to WebSockets.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response } from 'express';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { Environment } from '@polly/contracts';
import { type GuardOptions, identityOf, inspectRequest } from '../http/guards';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from '../http/problem';
import type { EventClient, EventHub } from './hub';

export const EVENTS_PATH = '/events';
export const EVENTS_STREAM_PATH = '/events/stream';

export const EventsQuery = z.object({ environment: Environment.optional().describe('only this environment (default: both)') });

function environmentFilter(url: URL | Record<string, unknown>): Environment | undefined {
  const value = url instanceof URL ? Object.fromEntries(url.searchParams) : url;
  const parsed = EventsQuery.safeParse(value);
  if (!parsed.success) throw new HttpProblem('invalid-request', 'environment must be live or demo');
  return parsed.data.environment;
}

function refuseUpgrade(socket: Duplex, problem: HttpProblem, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(problem.toDocument());
  const head = [
    `HTTP/1.1 ${problem.status} ${problem.toDocument().title}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

export interface WebSocketEndpoint {
  close(): void;
}

/** Serve WebSocket upgrades on `/events`; any other upgrade is refused. */
export function attachWebSocket(server: Server, hub: EventHub, guard: GuardOptions, pingIntervalMs = 30_000): WebSocketEndpoint {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakMap<WebSocket, boolean>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== EVENTS_PATH) return refuseUpgrade(socket, new HttpProblem('not-found', `no WebSocket at ${url.pathname}; use ${EVENTS_PATH}`));
    const inspected = inspectRequest(request, guard);
    if (!inspected.ok) return refuseUpgrade(socket, inspected.problem, inspected.headers);
    if (inspected.identity.origin === 'foreign') {
      guard.onRejected?.('origin');
      return refuseUpgrade(socket, new HttpProblem('forbidden', 'this origin may not follow the control API events'));
    }
    let environment: Environment | undefined;
    try {
      environment = environmentFilter(url);
    } catch (error) {
      return refuseUpgrade(socket, error as HttpProblem);
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      alive.set(webSocket, true);
      const client: EventClient = {
        environment,
        transport: 'websocket',
        send: (_message, json) => webSocket.send(json),
        bufferedBytes: () => webSocket.bufferedAmount,
        // A client with unsent data is not reading: a closing handshake would wait behind that data.
        close: (reason) => (webSocket.bufferedAmount > 0 ? webSocket.terminate() : webSocket.close(1013, reason.slice(0, 120))),
      };
      const remove = hub.add(client);
      webSocket.on('pong', () => alive.set(webSocket, true));
      // The feed is one-way: frames from clients are ignored (maxPayload bounds what they can send).
      webSocket.on('message', () => undefined);
      webSocket.on('error', () => remove());
      webSocket.on('close', () => remove());
    });
  });
  const pinger = setInterval(() => {
    for (const webSocket of sockets.clients) {
      if (alive.get(webSocket) === false) {
        webSocket.terminate();
        continue;
      }
      alive.set(webSocket, false);
      webSocket.ping();
    }
  }, pingIntervalMs);
  pinger.unref();
  return {
    close: () => {
      clearInterval(pinger);
      for (const webSocket of sockets.clients) webSocket.terminate();
      sockets.close();
    },
  };
}

/** GET /events/stream: Server-Sent Events. */
export function sseHandler(hub: EventHub, keepAliveMs = 15_000) {
  return (request: Request, response: Response): void => {
    if (identityOf(response).origin === 'foreign') throw new HttpProblem('forbidden', 'this origin may not follow the control API events');
    const environment = environmentFilter(request.query as Record<string, unknown>);
    response.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    response.write('retry: 2000\n: connected\n\n');
    const client: EventClient = {
      environment,
      transport: 'sse',
      send: (message, json) => void response.write(`id: ${message.id}\nevent: ${message.type}\ndata: ${json}\n\n`),
      bufferedBytes: () => response.writableLength,
      close: () => response.destroy(),
    };
    const remove = hub.add(client);
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), keepAliveMs);
    keepAlive.unref();
    request.on('close', () => {
      clearInterval(keepAlive);
      remove();
    });
  };
}

/** GET /events without an upgrade: say how to follow it. */
export function upgradeRequired(): never {
  throw new HttpProblem('upgrade-required', `open ${EVENTS_PATH} as a WebSocket, or use ${EVENTS_STREAM_PATH} for Server-Sent Events`);
}
