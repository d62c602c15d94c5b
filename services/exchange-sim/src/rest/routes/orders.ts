/**
 * V2 order entry (PROTOCOL §6.6): create, cancel, amend, decrease, batch create, batch cancel and
 * cancel all under /portfolio/events/orders. `price` is always the YES price; `bid` buys YES and
 * `ask` sells YES (buys NO at 1 − price). The legacy /portfolio/orders mutations answer
 * `deprecated_v1_order_endpoint` (§6.7).
 */
import { type Centis, type Micros, ONE_DOLLAR, formatCount, formatDollars, micros, parseCount, parseDollars } from '@polly/contracts';
import { z } from 'zod';
import type { Order } from '../../engine/types';
import { OrderRejected } from '../../engine/types';
import { HttpError, errorBody } from '../http';
import { tierLimits } from '../rate-limit';
import { type RequestContext, type Route, fixedCost } from '../router';
import { accountOf } from './portfolio';

const text = (pattern: RegExp, message: string) =>
  z.union([z.string(), z.number().transform(String)]).pipe(z.string().regex(pattern, message));
const CountField = text(/^\d{1,9}(\.\d{1,2})?$/, 'expected a contract count such as "10.00"').transform((value) => parseCount(value));
const PriceField = text(/^\d(\.\d{1,6})?$/, 'expected a dollar price such as "0.5600"').transform((value) => parseDollars(value));
const ClientOrderId = z.string().max(64).regex(/^[\-\w:+=/]*$/, 'client_order_id may hold letters, digits and - _ : + = / only');
const Scope = { subaccount: z.number().int().min(0).max(63).optional(), exchange_index: z.number().int().min(-1).optional() };

export const CreateOrderV2 = z.object({
  ticker: z.string().min(1),
  client_order_id: ClientOrderId.optional(),
  side: z.enum(['bid', 'ask']),
  count: CountField,
  price: PriceField,
  time_in_force: z.enum(['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel']),
  self_trade_prevention_type: z.enum(['taker_at_cross', 'maker']),
  expiration_time: z.number().int().positive().nullable().optional(),
  post_only: z.boolean().optional(),
  reduce_only: z.boolean().optional(),
  cancel_order_on_pause: z.boolean().optional(),
  order_group_id: z.string().optional(),
  ...Scope,
});
type CreateOrderV2 = z.infer<typeof CreateOrderV2>;

const AmendOrderV2 = z.object({
  ticker: z.string().min(1),
  side: z.enum(['bid', 'ask']),
  price: PriceField,
  count: CountField,
  client_order_id: ClientOrderId.optional(),
  updated_client_order_id: ClientOrderId.optional(),
  exchange_index: z.number().int().min(-1).optional(),
});

const DecreaseOrderV2 = z
  .object({ reduce_by: CountField.optional(), reduce_to: CountField.optional(), exchange_index: z.number().int().optional(), market_ticker: z.string().optional() })
  .refine((body) => (body.reduce_by === undefined) !== (body.reduce_to === undefined), { message: 'exactly one of reduce_by or reduce_to is required' });

const BatchCreate = z.object({ orders: z.array(z.unknown()).min(1) });
const BatchCancel = z.union([
  z.object({ orders: z.array(z.object({ order_id: z.string().min(1), ...Scope, market_ticker: z.string().optional() })).min(1) }),
  z.object({ ids: z.array(z.string().min(1)).min(1) }).transform((body) => ({ orders: body.ids.map((order_id) => ({ order_id })) })),
]);

function parseBody<T extends z.ZodType>(schema: T, body: unknown, code = 'invalid_order'): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new HttpError(400, code, code.replace(/_/g, ' '), parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

export const rejectionError = (rejected: OrderRejected): HttpError =>
  new HttpError(rejected.status, rejected.code, rejected.code.replace(/_/g, ' '), rejected.details);

/** Price and fee averages per contract over what filled, as Kalshi's V2 responses report them. */
function fillSummary(order: Order): Record<string, string> {
  if (order.filledCount === 0n) return {};
  const cost = order.takerFillCost + order.makerFillCost;
  const legAverage = (cost * 100n) / order.filledCount;
  const yesAverage = order.leg === 'yes' ? legAverage : ONE_DOLLAR - legAverage;
  return {
    average_fill_price: formatDollars(yesAverage),
    average_fee_paid: formatDollars(((order.takerFees + order.makerFees) * 100n) / order.filledCount, 6),
  };
}

/** The acknowledgement fields every V2 order response starts with. */
const acknowledgement = (context: RequestContext, order: Order, fields: Record<string, unknown>) => ({
  order_id: order.orderId,
  ...(order.clientOrderId ? { client_order_id: order.clientOrderId } : {}),
  ...fields,
  ts_ms: context.exchange.now(),
});

function checkTradingOpen(context: RequestContext): void {
  if (context.exchange.paused) throw new HttpError(400, 'trading_is_paused', 'trading is paused', 'the exchange is paused; no orders are accepted');
}

function createOne(context: RequestContext, request: CreateOrderV2): Record<string, unknown> {
  checkTradingOpen(context);
  if (request.subaccount !== undefined && request.subaccount !== 0) throw new HttpError(400, 'invalid_order', 'invalid order', 'only subaccount 0 exists');
  if (request.price <= 0n || request.price >= ONE_DOLLAR) throw new HttpError(400, 'invalid_price', 'invalid price', 'price must be strictly between 0 and 1');
  const account = accountOf(context);
  const outcome = engineCall(() => context.exchange.placeOrder({
    accountId: account.accountId,
    ticker: request.ticker,
    side: request.side,
    yesPrice: request.price as Micros,
    count: request.count as Centis,
    timeInForce: request.time_in_force,
    selfTradePrevention: request.self_trade_prevention_type,
    clientOrderId: request.client_order_id ?? '',
    postOnly: request.post_only ?? false,
    reduceOnly: request.reduce_only ?? false,
    cancelOrderOnPause: request.cancel_order_on_pause ?? false,
    expirationTime: request.expiration_time ? request.expiration_time * 1000 : null,
  }));
  if (outcome.rejection) throw rejectionError(outcome.rejection);
  const order = outcome.order;
  return acknowledgement(context, order, { fill_count: formatCount(order.filledCount), remaining_count: formatCount(order.remainingCount), ...fillSummary(order) });
}

/** Run an engine call, turning its refusals into Kalshi errors. */
function engineCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof OrderRejected) throw rejectionError(error);
    throw error;
  }
}

function cancelOne(context: RequestContext, orderId: string): Record<string, unknown> {
  const account = accountOf(context);
  const { order, reducedBy } = engineCall(() => context.exchange.cancelOrder(account.accountId, orderId));
  return acknowledgement(context, order, { reduced_by: formatCount(reducedBy) });
}

const itemError = (error: unknown) => {
  const failure = error instanceof OrderRejected ? rejectionError(error) : error instanceof HttpError ? error : new HttpError(500, 'internal_error', 'internal error');
  return errorBody(failure.code, failure.message, failure.details).error;
};

const write = (cost: number) => ({ access: 'signed' as const, bucket: 'write' as const, cost: fixedCost(cost), orderEntry: true });
const perItem = (tokens: number) => (context: { body: unknown }) => {
  const body = context.body as { orders?: unknown[]; ids?: unknown[] } | undefined;
  return tokens * Math.max(1, body?.orders?.length ?? body?.ids?.length ?? 1);
};

/** A batch may not cost more than the write bucket can ever hold. */
function checkBatchSize(context: RequestContext, items: number, tokensEach: number): void {
  const capacity = tierLimits(context.limiter.tier(context.keyId ?? '')).write.capacity;
  if (items * tokensEach > capacity) {
    throw new HttpError(400, 'invalid_parameters', 'invalid parameters', `a batch may hold at most ${Math.floor(capacity / tokensEach)} orders at your tier`);
  }
}

/** Items of a batch succeed or fail one by one; the batch as a whole is refused only when too large. */
function runBatch<T>(
  context: RequestContext,
  items: readonly T[],
  tokensEach: number,
  run: (item: T) => Record<string, unknown>,
  failed: (item: T, error: ReturnType<typeof itemError>) => Record<string, unknown>,
): Record<string, unknown>[] {
  checkBatchSize(context, items.length, tokensEach);
  return items.map((item) => {
    try {
      return run(item);
    } catch (error) {
      return failed(item, itemError(error));
    }
  });
}

const deprecated = (): never => {
  throw new HttpError(400, 'deprecated_v1_order_endpoint', 'Please switch to the V2 endpoints', 'https://docs.kalshi.com/api-reference/orders/create-order-v2');
};

export const orderRoutes: Route[] = [
  {
    method: 'POST',
    template: '/portfolio/events/orders/batched',
    ...write(10),
    cost: perItem(10),
    handle: (context) => {
      const { orders } = parseBody(BatchCreate, context.body);
      const results = runBatch(context, orders, 10, (item) => createOne(context, parseBody(CreateOrderV2, item)), (item, error) => {
        const clientOrderId = (item as { client_order_id?: unknown } | null)?.client_order_id;
        return { ...(typeof clientOrderId === 'string' ? { client_order_id: clientOrderId } : {}), error };
      });
      return { status: 201, body: { orders: results } };
    },
  },
  {
    method: 'DELETE',
    template: '/portfolio/events/orders/batched',
    ...write(2),
    cost: perItem(2),
    handle: (context) => {
      const { orders } = parseBody(BatchCancel, context.body);
      const results = runBatch(context, orders, 2, (item) => cancelOne(context, item.order_id), (item, error) => ({ order_id: item.order_id, reduced_by: '0.00', error }));
      return { status: 200, body: { orders: results } };
    },
  },
  {
    method: 'POST',
    template: '/portfolio/events/orders',
    ...write(10),
    handle: (context) => {
      const request = parseBody(CreateOrderV2, context.body);
      return { status: 201, body: createOne(context, request), clientOrderId: request.client_order_id };
    },
  },
  {
    method: 'DELETE',
    template: '/portfolio/events/orders',
    ...write(10),
    handle: (context) => {
      context.exchange.cancelAll(accountOf(context).accountId);
      return { status: 204, body: null };
    },
  },
  {
    method: 'DELETE',
    template: '/portfolio/events/orders/{order_id}',
    ...write(2),
    handle: (context) => ({ status: 200, body: cancelOne(context, context.params.order_id ?? '') }),
  },
  {
    method: 'POST',
    template: '/portfolio/events/orders/{order_id}/amend',
    ...write(10),
    handle: (context) => {
      checkTradingOpen(context);
      const request = parseBody(AmendOrderV2, context.body);
      const account = accountOf(context);
      const outcome = engineCall(() =>
        context.exchange.amendOrder(account.accountId, context.params.order_id ?? '', {
          ticker: request.ticker,
          side: request.side,
          yesPrice: micros(request.price),
          count: request.count as Centis,
          ...(request.client_order_id === undefined ? {} : { clientOrderId: request.client_order_id }),
          ...(request.updated_client_order_id === undefined ? {} : { updatedClientOrderId: request.updated_client_order_id }),
        }),
      );
      const order = outcome.order;
      return {
        status: 200,
        clientOrderId: order.clientOrderId,
        body: acknowledgement(context, order, { remaining_count: formatCount(order.remainingCount), fill_count: formatCount(order.filledCount), ...fillSummary(order) }),
      };
    },
  },
  {
    method: 'POST',
    template: '/portfolio/events/orders/{order_id}/decrease',
    ...write(10),
    handle: (context) => {
      const request = parseBody(DecreaseOrderV2, context.body);
      const account = accountOf(context);
      const input = request.reduce_to !== undefined ? { reduceTo: request.reduce_to as Centis } : { reduceBy: request.reduce_by as Centis };
      const order = engineCall(() => context.exchange.decreaseOrder(account.accountId, context.params.order_id ?? '', input));
      return { status: 200, body: acknowledgement(context, order, { remaining_count: formatCount(order.remainingCount) }) };
    },
  },
  { method: 'POST', template: '/portfolio/orders', ...write(100), handle: deprecated },
  { method: 'POST', template: '/portfolio/orders/batched', ...write(100), handle: deprecated },
  { method: 'DELETE', template: '/portfolio/orders/batched', ...write(20), handle: deprecated },
  { method: 'DELETE', template: '/portfolio/orders/{order_id}', ...write(20), handle: deprecated },
  { method: 'POST', template: '/portfolio/orders/{order_id}/amend', ...write(100), handle: deprecated },
  { method: 'POST', template: '/portfolio/orders/{order_id}/decrease', ...write(100), handle: deprecated },
];
