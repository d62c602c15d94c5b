/**
 * The KV bucket `market-state-{environment}`: one entry per market, keyed by the escaped ticker,
 * its value the `MarketState` JSON every reader parses.
 *
 * Each entry also carries two headers only the cache reads, so that it resumes exactly after a
 * restart: `Polly-Source-Sequence` (the MARKET_DATA stream sequence folded last into this entry:
 * redelivered events at or below it are skipped) and `Polly-Book-Origin` (the connection, sid and
 * seq the book continues from: later deltas must follow on from it). Writing the headers with
 * the value makes the pair atomic, which no separate checkpoint could be.
 */
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { Bus } from '@polly/bus';
import { type Environment, MarketState, encodeSubjectToken, marketStateBucket } from '@polly/contracts';
import { z } from 'zod';
import type { BookOrigin } from './market-entry';

export const SOURCE_SEQUENCE_HEADER = 'Polly-Source-Sequence';
export const BOOK_ORIGIN_HEADER = 'Polly-Book-Origin';

const VALID_KEY = /^[-/=\w]+(\.[-/=\w]+)*$/;

/**
 * The KV key of a market: the ticker escaped like a subject token. KV keys cannot hold `%`, so a
 * ticker with a dot (KXHIGHNY-26MAY16-B78.5) is stored under the ticker itself (dots are legal in
 * keys). The control API reads with the same rule. Undefined when neither form is a legal key.
 */
export function marketStateKey(ticker: string): string | undefined {
  const escaped = encodeSubjectToken(ticker);
  if (VALID_KEY.test(escaped)) return escaped;
  return VALID_KEY.test(ticker) ? ticker : undefined;
}

const Origin = z.object({ connectionId: z.string().min(1), sid: z.number().int().nonnegative(), seq: z.number().int().nonnegative().nullable() });

export interface StoredMarketState {
  state: MarketState;
  sourceSequence: number;
  origin: BookOrigin | null;
}

export class MarketStateStore {
  private readonly encoder = new TextEncoder();

  private constructor(
    private readonly bus: Bus,
    readonly bucket: string,
  ) {}

  /** Open the environment's bucket, creating it when it does not exist yet. */
  static async open(bus: Bus, environment: Environment): Promise<MarketStateStore> {
    const kv = await bus.bucketKeyValue(marketStateBucket(environment), { history: 1, description: `Market state of the ${environment} environment, written by the cache only` });
    return new MarketStateStore(bus, (await kv.status()).bucket);
  }

  /** Write one entry (a KV put with the resume headers); resolves with its stream sequence. */
  async write(key: string, state: MarketState, sourceSequence: number, origin: BookOrigin | null): Promise<number> {
    const header = headers();
    header.set(SOURCE_SEQUENCE_HEADER, String(sourceSequence));
    if (origin) header.set(BOOK_ORIGIN_HEADER, JSON.stringify(origin));
    const acknowledgement = await this.bus.jetstream.publish(`$KV.${this.bucket}.${key}`, this.encoder.encode(JSON.stringify(state)), { headers: header });
    return acknowledgement.seq;
  }

  /** Every stored entry (the latest value of each key), with its headers. Unreadable entries are reported and skipped. */
  async *load(onInvalid: (key: string, reason: string) => void): AsyncGenerator<StoredMarketState> {
    const streamName = `KV_${this.bucket}`;
    const info = await this.bus.manager.streams.info(streamName);
    if (info.state.messages === 0) return;
    const consumer = await this.bus.jetstream.consumers.get(streamName, { deliver_policy: DeliverPolicy.LastPerSubject, filter_subjects: `$KV.${this.bucket}.>` });
    const messages = await consumer.consume({ max_messages: 5000 });
    try {
      for await (const message of messages as AsyncIterable<JsMsg>) {
        const stored = this.decode(message, onInvalid);
        if (stored) yield stored;
        if (message.info.pending === 0) break;
      }
    } finally {
      messages.stop();
      await consumer.delete().catch(() => undefined);
    }
  }

  private decode(message: JsMsg, onInvalid: (key: string, reason: string) => void): StoredMarketState | undefined {
    const key = message.subject.slice(`$KV.${this.bucket}.`.length);
    const operation = message.headers?.get('KV-Operation');
    if (operation === 'DEL' || operation === 'PURGE' || message.data.length === 0) return undefined;
    let parsed: ReturnType<typeof MarketState.safeParse>;
    try {
      parsed = MarketState.safeParse(message.json());
    } catch {
      onInvalid(key, 'not JSON');
      return undefined;
    }
    if (!parsed.success) {
      onInvalid(key, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      return undefined;
    }
    const sourceSequence = Number(message.headers?.get(SOURCE_SEQUENCE_HEADER) ?? '0');
    let origin: BookOrigin | null = null;
    const originText = message.headers?.get(BOOK_ORIGIN_HEADER);
    if (originText) {
      try {
        const decoded = Origin.safeParse(JSON.parse(originText));
        origin = decoded.success ? decoded.data : null;
      } catch {
        origin = null;
      }
    }
    return { state: parsed.data, sourceSequence: Number.isSafeInteger(sourceSequence) ? sourceSequence : 0, origin };
  }
}
