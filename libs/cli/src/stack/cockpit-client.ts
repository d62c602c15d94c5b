/**
 * What the cockpit does, without a browser: it follows `/events` over a WebSocket, fills the key
 * form from the auto-fill endpoint and connects the keys with its own Origin (no token: a
 * same-origin browser request), and answers approvals. Used by the end-to-end tests.
 */
import { eventually } from '@polly/testing';
import WebSocket from 'ws';
import type { Stack } from './in-process';

export interface UiMessage {
  type: string;
  environment: string;
  at: string;
  id: string;
  event: string;
  data: any;
}

export interface EventsFollower {
  readonly messages: readonly UiMessage[];
  /** The first message of `type` matching `where` (from message number `from` on), waiting up to `timeoutMs`. */
  waitFor(type: string, where?: (message: UiMessage) => boolean, timeoutMs?: number, from?: number): Promise<UiMessage>;
  close(): void;
}

function controlUrl(stack: Stack): string {
  const url = stack.controlUrl;
  if (!url) throw new Error('the control API is not running in this stack');
  return url;
}

/** Open `/events` as the cockpit page does (its own Origin) and keep every message. */
export async function followEvents(stack: Stack, environment = 'demo'): Promise<EventsFollower> {
  const origin = controlUrl(stack);
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/events?environment=${environment}`, { origin });
  const messages: UiMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as UiMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    messages,
    waitFor: (type, where = () => true, timeoutMs = 30_000, from = 0) =>
      eventually(async () => messages.slice(from).find((message) => message.type === type && where(message)), { timeoutMs, what: `a ${type} message on /events` }),
    close: () => socket.close(),
  };
}

/** A request the way the cockpit page sends it: same Origin, no token. */
export async function cockpitRequest(stack: Stack, method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const origin = controlUrl(stack);
  const response = await fetch(`${origin}${route}`, {
    method,
    headers: { origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** The key form filled from `GET /control/keys/autofill` and submitted to `/control/keys/connect`. */
export async function connectDemoKeys(stack: Stack): Promise<{ status: number; json: any }> {
  const autofill = await cockpitRequest(stack, 'GET', '/control/keys/autofill');
  if (autofill.status !== 200 || !autofill.json.demo?.private_key) throw new Error(`auto-fill gave no demo key: ${JSON.stringify(autofill.json).slice(0, 300)}`);
  return cockpitRequest(stack, 'POST', '/control/keys/connect', {
    environment: 'demo',
    api_key: autofill.json.demo.key_id,
    private_key: autofill.json.demo.private_key,
  });
}
