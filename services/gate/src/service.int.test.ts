/**
 * The gate service on a real nats-server: intents in, decisions out; state rebuilt from the
 * streams at start and followed live; approvals answered through CONTROL, expired by timers, and
 * kept or expired across a restart; the kill switch cancelling what waits; metrics by code.
 */
import http from 'node:http';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { type AnyEvent, IntentApproved, type MarketState, createEvent, marketStateBucket, toIsoTimestamp } from '@polly/contracts';
import { createLogger, lineCollector, startService } from '@polly/runtime';
import { type TestBus, createTestBus, eventually, testNatsUrl } from '@polly/testing';
import { decisionId } from './decide';
import { marketStateKey } from './market-lookup';
import { gateService } from './service';
import { approve, balance, configured, deny, intentCreated, keysConnected, killSwitch, position, registered, tradingEnabled } from './testing/fixtures';

type Gate = Awaited<ReturnType<typeof startGate>>;

async function startGate(bus: TestBus, environment: Record<string, string> = {}, logLines?: string[]) {
  return startService(gateService, {
    env: {
      POLLY_NATS_URL: testNatsUrl(),
      POLLY_NAMESPACE: bus.namespace,
      POLLY_ENVIRONMENTS: 'demo',
      POLLY_HEALTH_PORT: '0',
      POLLY_APPROVAL_TIMEOUT_SECONDS: '30',
      ...environment,
    },
    logger: logLines
      ? createLogger({ service: 'gate', level: 'info', destination: lineCollector(logLines) })
      : createLogger({ service: 'gate', level: 'silent' }),
  });
}

/** The fields of the log line the gate writes once its state is rebuilt. */
const rebuiltLine = (lines: string[]): { fromSnapshot: boolean; folded: number } =>
  JSON.parse(lines.find((line) => line.includes('"gate state rebuilt"')) ?? '{}');

async function tradingEvents(bus: TestBus): Promise<AnyEvent[]> {
  const events: AnyEvent[] = [];
  for await (const item of bus.read({ stream: 'TRADING', filterSubject: 'trading.demo.>' })) if (item.valid) events.push(item.event as AnyEvent);
  return events;
}

/** Wait for the gate's answers about one intent (by intent id). */
async function answersFor(bus: TestBus, intentId: string, count = 1, timeoutMs = 10_000): Promise<AnyEvent[]> {
  return eventually(
    async () => {
      const answers = (await tradingEvents(bus)).filter((event) => event.source === 'gate' && JSON.stringify(event.data).includes(`"${intentId}"`));
      return answers.length >= count ? answers : undefined;
    },
    { timeoutMs, what: `${count} gate answer(s) for ${intentId}` },
  );
}

async function publish(bus: TestBus, ...events: AnyEvent[]) {
  for (const event of events) await bus.publish(event);
}

function summary(events: AnyEvent[]): string[] {
  return events.map((event) => {
    if (event.type === 'intent.denied') return `denied ${event.data.code}`;
    if (event.type === 'intent.approved') return `approved ${event.data.route}`;
    if (event.type === 'approval.resolved') return `resolved ${event.data.outcome} by ${event.data.resolvedBy}`;
    return event.type;
  });
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('the gate service', () => {
  let bus: TestBus;
  let gate: Gate | undefined;

  beforeEach(async () => {
    bus = await createTestBus();
  });

  afterEach(async () => {
    await gate?.stop();
    gate = undefined;
    await bus.dispose();
  });

  it('decides intents from the state it rebuilt at start and follows changes live', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'Auto' }), registered('demo', { agentId: 'peritia', mode: 'FullStop' }), killSwitch('demo'));
    gate = await startGate(bus);

    const whileDisabled = intentCreated('demo');
    await publish(bus, whileDisabled);
    expect(summary(await answersFor(bus, whileDisabled.data.intentId))).toEqual(['denied GLOBAL_TRADING_DISABLED']);

    await publish(bus, tradingEnabled('demo'));
    await eventually(async () => gate?.context.readiness.snapshot().ready);
    const auto = intentCreated('demo');
    const fullStop = intentCreated('demo', { agentId: 'peritia' });
    const unknown = intentCreated('demo', { agentId: '007xe' });
    await eventually(async () => {
      // trading.enable reaches the gate through its live follower; retry with fresh intents until it has.
      const probe = intentCreated('demo');
      await publish(bus, probe);
      const [answer] = await answersFor(bus, probe.data.intentId);
      return answer?.type === 'intent.approved';
    });
    await publish(bus, auto, fullStop, unknown);
    expect(summary(await answersFor(bus, auto.data.intentId))).toEqual(['approved auto']);
    expect(summary(await answersFor(bus, fullStop.data.intentId))).toEqual(['denied AGENT_FULL_STOP']);
    expect(summary(await answersFor(bus, unknown.data.intentId))).toEqual(['denied AGENT_UNKNOWN']);

    await publish(bus, configured('demo', 'Auto', true, 'peritia'));
    await eventually(async () => {
      const retry = intentCreated('demo', { agentId: 'peritia' });
      await publish(bus, retry);
      const [answer] = await answersFor(bus, retry.data.intentId);
      return answer?.type === 'intent.approved';
    }, { what: 'peritia approved after agent.configured' });

    const metrics = await get(gate.health.port, '/metrics');
    expect(metrics).toMatch(/polly_gate_decisions_total\{[^}]*outcome="denied"[^}]*code="AGENT_FULL_STOP"[^}]*\} 1/);
    expect(metrics).toMatch(/polly_gate_decisions_total\{[^}]*outcome="approved"[^}]*code="auto"/);
  });

  it('waits for a human on a SemiAuto buy, lets a sell through, and executes after approve or drops after deny', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'SemiAuto' }));
    gate = await startGate(bus);

    const sell = intentCreated('demo', { action: 'sell' });
    const buyToApprove = intentCreated('demo');
    const buyToDeny = intentCreated('demo');
    await publish(bus, sell, buyToApprove, buyToDeny);
    expect(summary(await answersFor(bus, sell.data.intentId))).toEqual(['approved sell-without-approval']);
    expect(summary(await answersFor(bus, buyToApprove.data.intentId))).toEqual(['approval.requested']);
    expect(summary(await answersFor(bus, buyToDeny.data.intentId))).toEqual(['approval.requested']);

    await publish(bus, approve('demo', buyToApprove.data.intentId) as AnyEvent, deny('demo', buyToDeny.data.intentId) as AnyEvent);
    expect(summary(await answersFor(bus, buyToApprove.data.intentId, 3))).toEqual(['approval.requested', 'resolved approved by human', 'approved approved-by-human']);
    expect(summary(await answersFor(bus, buyToDeny.data.intentId, 3))).toEqual(['approval.requested', 'resolved denied by human', 'denied APPROVAL_DENIED']);
  });

  it('expires an unanswered approval on its timer', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'SemiAuto' }));
    gate = await startGate(bus, { POLLY_APPROVAL_TIMEOUT_SECONDS: '1' });
    const buy = intentCreated('demo');
    await publish(bus, buy);
    expect(summary(await answersFor(bus, buy.data.intentId, 3))).toEqual(['approval.requested', 'resolved expired by timeout', 'denied APPROVAL_EXPIRED']);
  });

  it('keeps a pending approval across a restart, and it can still be approved', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'SemiAuto' }));
    gate = await startGate(bus);
    const buy = intentCreated('demo');
    await publish(bus, buy);
    await answersFor(bus, buy.data.intentId);
    await gate.stop();

    gate = await startGate(bus);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(summary(await answersFor(bus, buy.data.intentId))).toEqual(['approval.requested']);
    await publish(bus, approve('demo', buy.data.intentId) as AnyEvent);
    expect(summary(await answersFor(bus, buy.data.intentId, 3))).toEqual(['approval.requested', 'resolved approved by human', 'approved approved-by-human']);
  });

  it('expires at once an approval whose time ran out while the gate was down', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'SemiAuto' }));
    gate = await startGate(bus, { POLLY_APPROVAL_TIMEOUT_SECONDS: '1' });
    const buy = intentCreated('demo');
    await publish(bus, buy);
    await answersFor(bus, buy.data.intentId);
    await gate.stop();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(summary(await answersFor(bus, buy.data.intentId))).toEqual(['approval.requested']);

    gate = await startGate(bus, { POLLY_APPROVAL_TIMEOUT_SECONDS: '1' });
    // Resolved during start, before the gate reports ready.
    expect(summary((await tradingEvents(bus)).filter((event) => event.source === 'gate' && JSON.stringify(event.data).includes(buy.data.intentId)))).toEqual([
      'approval.requested',
      'resolved expired by timeout',
      'denied APPROVAL_EXPIRED',
    ]);
  });

  it('does not decide again an intent it decided just before a crash (published, never acknowledged)', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'Auto' }));
    // The previous gate's intent consumer, with a short ack wait so the redelivery comes quickly.
    const stream = bus.stream('TRADING');
    await bus.manager.consumers.add(stream, {
      durable_name: 'gate-demo-intents',
      ack_policy: AckPolicy.Explicit,
      ack_wait: 1000 * 1_000_000,
      deliver_policy: DeliverPolicy.All,
      filter_subject: bus.subject('trading.demo.intent.created.>'),
    });
    const intent = intentCreated('demo');
    await publish(bus, intent);
    const taken = await (await bus.jetstream.consumers.get(stream, 'gate-demo-intents')).next();
    expect(taken?.seq).toBeGreaterThan(0);
    // It decided and published, then died before acknowledging.
    await publish(bus, createEvent(IntentApproved, 'demo', { intent: intent.data, route: 'auto' }, { source: 'gate', id: decisionId('approved', 'demo', intent.data.intentId) }) as AnyEvent);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Redelivered now, the intent is older than the age limit: deciding again would deny it.
    gate = await startGate(bus, { POLLY_GATE_MAX_INTENT_AGE_SECONDS: '1' });
    await eventually(async () => {
      const info = await bus.manager.consumers.info(stream, 'gate-demo-intents');
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.consumer_seq >= 2;
    }, { what: 'the redelivered intent handled' });
    expect(summary(await answersFor(bus, intent.data.intentId))).toEqual(['approved auto']);
  });

  it('restarts from its snapshot: reads only what followed it, and still knows what came before', async () => {
    const before = [keysConnected('demo'), registered('demo', { mode: 'Auto' }), position('demo', '95.00')];
    await publish(bus, ...before, ...Array.from({ length: 40 }, (_, index) => balance('demo', `${300 + index}.00`)));
    const first: string[] = [];
    gate = await startGate(bus, {}, first);
    expect(rebuiltLine(first)).toMatchObject({ fromSnapshot: false, folded: 43 });
    await gate.stop();
    expect(first.some((line) => line.includes('"gate snapshot saved"'))).toBe(true);

    // While it is down: the kill switch, then trading back on.
    await publish(bus, killSwitch('demo'), tradingEnabled('demo'));
    const second: string[] = [];
    gate = await startGate(bus, {}, second);
    expect(rebuiltLine(second)).toMatchObject({ fromSnapshot: true, folded: 2 });
    // The agent, its cap (100) and its position (95) came from the snapshot.
    const small = intentCreated('demo', { count: '5.00' });
    const large = intentCreated('demo', { count: '10.00' });
    await publish(bus, small, large);
    expect(summary(await answersFor(bus, small.data.intentId))).toEqual(['approved auto']);
    expect(summary(await answersFor(bus, large.data.intentId))).toEqual(['denied MAX_POSITION_EXCEEDED']);
  });

  it('reads the whole history when its snapshot is unreadable, or when snapshots are off', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'Auto' }), killSwitch('demo'));
    gate = await startGate(bus);
    await gate.stop();
    const bucket = await bus.bucketKeyValue('gate-snapshots');
    await bucket.put('demo', new TextEncoder().encode('not gzip'));
    const lines: string[] = [];
    gate = await startGate(bus, {}, lines);
    expect(lines.some((line) => line.includes('"gate snapshot unreadable; reading the whole history"'))).toBe(true);
    expect(rebuiltLine(lines)).toMatchObject({ fromSnapshot: false, folded: 3 });
    const intent = intentCreated('demo');
    await publish(bus, intent);
    expect(summary(await answersFor(bus, intent.data.intentId))).toEqual(['denied GLOBAL_TRADING_DISABLED']);
    await gate.stop();

    const off: string[] = [];
    gate = await startGate(bus, { POLLY_GATE_SNAPSHOT_SECONDS: '0' }, off);
    expect(rebuiltLine(off)).toMatchObject({ fromSnapshot: false });
    expect(off.some((line) => line.includes('"gate snapshot saved"'))).toBe(false);
  });

  it('cancels every pending approval when the kill switch is pressed, and denies what follows', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'SemiAuto' }));
    gate = await startGate(bus);
    const first = intentCreated('demo');
    const second = intentCreated('demo');
    await publish(bus, first, second);
    await answersFor(bus, first.data.intentId);
    await answersFor(bus, second.data.intentId);

    await publish(bus, killSwitch('demo'));
    for (const buy of [first, second]) {
      expect(summary(await answersFor(bus, buy.data.intentId, 3))).toEqual(['approval.requested', 'resolved cancelled by kill-switch', 'denied APPROVAL_CANCELLED']);
    }
    // An approval arriving after the switch changes nothing.
    await publish(bus, approve('demo', first.data.intentId) as AnyEvent);
    const sell = intentCreated('demo', { action: 'sell' });
    await publish(bus, sell);
    expect(summary(await answersFor(bus, sell.data.intentId))).toEqual(['denied GLOBAL_TRADING_DISABLED']);
    expect(summary(await answersFor(bus, first.data.intentId, 3))).toHaveLength(3);
  });

  it('denies MARKET_STALE when the market cache marks the book stale', async () => {
    await publish(bus, keysConnected('demo'), registered('demo', { mode: 'Auto' }));
    const ticker = 'KXHIGHNY-26NOV21-B78.5';
    const bucket = await bus.bucketKeyValue(marketStateBucket('demo'));
    const state: MarketState = {
      marketTicker: ticker,
      eventTicker: 'KXHIGHNY-26NOV21',
      seriesTicker: 'KXHIGHNY',
      status: 'active',
      stale: true,
      staleReason: 'sequence gap on orderbook_delta',
      yesBid: '0.4000',
      yesBidSize: '10.00',
      noBid: '0.5500',
      noBidSize: '10.00',
      yesAsk: '0.4500',
      noAsk: '0.6000',
      spread: '0.0500',
      midpoint: '0.4250',
      impliedProbability: '0.4250',
      lastPrice: '0.4200',
      volume: '100.00',
      openInterest: '50.00',
      book: { yes: [['0.4000', '10.00']], no: [['0.5500', '10.00']] },
      recentTrades: [],
      revision: 3,
      updatedAt: toIsoTimestamp(Date.now()),
    };
    await bucket.put(marketStateKey(ticker) as string, JSON.stringify(state));
    gate = await startGate(bus);
    const stale = intentCreated('demo', { marketTicker: ticker });
    await publish(bus, stale);
    expect(summary(await answersFor(bus, stale.data.intentId))).toEqual(['denied MARKET_STALE']);
    await bucket.put(marketStateKey(ticker) as string, JSON.stringify({ ...state, stale: false, staleReason: null, revision: 4 }));
    const fresh = intentCreated('demo', { marketTicker: ticker });
    await publish(bus, fresh);
    expect(summary(await answersFor(bus, fresh.data.intentId))).toEqual(['approved auto']);
  });
});
