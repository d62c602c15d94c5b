/**
 * The live feed: one WebSocket to `/events` (every environment the stack serves). It reconnects with a
 * growing pause (0.5 s doubling to 10 s); every (re)open is reported so the owner reloads the
 * state it may have missed. Frames are validated; a frame that does not parse is counted and
 * skipped, never allowed to break the feed.
 */
import { UiEvent } from './event-schemas';
import { eventsSocketUrl } from './locate';

export type FeedStatus = 'connecting' | 'open' | 'closed';

export interface EventStreamHandlers {
  message(event: UiEvent): void;
  status(status: FeedStatus): void;
}

export interface EventStream {
  close(): void;
  readonly invalidFrames: number;
}

const firstPauseMilliseconds = 500;
const longestPauseMilliseconds = 10_000;

export function openEventStream(baseUrl: string, handlers: EventStreamHandlers): EventStream {
  let socket: WebSocket | undefined;
  let pause = firstPauseMilliseconds;
  let timer: number | undefined;
  let closed = false;
  let invalidFrames = 0;

  const connect = (): void => {
    if (closed) return;
    handlers.status('connecting');
    const current = new WebSocket(eventsSocketUrl(baseUrl));
    socket = current;
    current.addEventListener('open', () => {
      pause = firstPauseMilliseconds;
      handlers.status('open');
    });
    current.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let parsed: ReturnType<typeof UiEvent.safeParse>;
      try {
        parsed = UiEvent.safeParse(JSON.parse(message.data));
      } catch {
        parsed = UiEvent.safeParse(undefined);
      }
      if (!parsed.success) {
        invalidFrames += 1;
        if (invalidFrames === 1 || invalidFrames % 100 === 0) console.warn(`/events: ${invalidFrames} frame(s) did not match the message format and were skipped`);
        return;
      }
      handlers.message(parsed.data);
    });
    current.addEventListener('close', () => {
      if (socket !== current || closed) return;
      handlers.status('closed');
      timer = window.setTimeout(connect, pause);
      pause = Math.min(longestPauseMilliseconds, pause * 2);
    });
  };

  connect();
  return {
    close(): void {
      closed = true;
      window.clearTimeout(timer);
      socket?.close();
    },
    get invalidFrames() {
      return invalidFrames;
    },
  };
}
