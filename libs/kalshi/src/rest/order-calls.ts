/**
 * V2 order entry (PROTOCOL §6.6), spending write tokens. Every created order carries a
 * client_order_id (generated when the caller gives none) fixed before the first attempt, so a
 * retry after a 429, 5xx or timeout can never place a second order: the exchange rejects a
 * duplicate id with 409.
 */
import { randomUUID } from 'node:crypto';
import { CountText, DollarsText } from '@polly/contracts';
import type {
  AmendOrderV2Request,
  BatchCancelOrdersV2RequestOrdersInner,
  CreateOrderV2Request,
  DecreaseOrderV2Request,
} from 'kalshi-typescript';
import { z } from 'zod';
import type { KalshiResult } from '../errors';
import { type CallContext, call } from './context';
import {
  AmendedOrder,
  BatchCanceledOrders,
  BatchCreatedOrders,
  CanceledOrder,
  CreatedOrder,
  DecreasedOrder,
  NoContent,
  OrdersPage,
} from './schemas/portfolio';

/** A placed order: the create response, its client_order_id, and whether it was found after an unanswered attempt. */
export type PlacedOrder = CreatedOrder & { client_order_id: string; recovered: boolean };

/** A V2 order as the SDK types it; `client_order_id` is optional here and filled in when absent. */
export type NewOrder = CreateOrderV2Request;
/** A V2 order ready to send: its client_order_id is fixed. */
export type IdentifiedOrder = NewOrder & { client_order_id: string };

export interface CancelTarget {
  subaccount?: number;
  exchangeIndex?: number;
  marketTicker?: string;
}

/** Kalshi's FIX rule for client order ids, assumed for REST (PROTOCOL §6.8). */
const ClientOrderId = z.string().regex(/^[-\w:+=/]{1,64}$/, 'at most 64 characters of letters, digits and - _ : + = /');
const OrderCheck = z.object({ ticker: z.string().min(1), count: CountText, price: DollarsText, client_order_id: ClientOrderId });

export function withClientOrderId(order: NewOrder): IdentifiedOrder {
  return { ...order, client_order_id: order.client_order_id ?? randomUUID() };
}

function checkOrders<T>(operation: string, orders: IdentifiedOrder[]): KalshiResult<T> | null {
  for (const order of orders) {
    const checked = OrderCheck.safeParse(order);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return {
        ok: false,
        error: {
          kind: 'invalid-request',
          operation,
          message: `${issue?.path.join('.')}: ${issue?.message}`,
          attempts: 0,
          clientOrderId: order.client_order_id,
        },
      };
    }
  }
  return null;
}

export function orderCalls(context: CallContext) {
  const { orders } = context.sdk;
  const write = { budget: 'write' as const, signed: true };
  const { defaultCost, cancelCost } = context.limits;

  /** The order an earlier, unanswered attempt placed, as the create call would have described it. */
  const findByClientOrderId = async (identified: IdentifiedOrder): Promise<PlacedOrder | null> => {
    let cursor: string | undefined;
    do {
      const page = await call(context, {
        name: 'createOrder.lookup',
        signed: true,
        schema: OrdersPage,
        send: (options) =>
          orders.getOrders(identified.ticker, undefined, undefined, undefined, undefined, 1000, cursor, identified.subaccount, undefined, options),
      });
      if (!page.ok) return null;
      const found = page.value.orders.find((candidate) => candidate.client_order_id === identified.client_order_id);
      if (found) {
        return {
          order_id: found.order_id,
          client_order_id: identified.client_order_id,
          fill_count: found.fill_count_fp,
          remaining_count: found.remaining_count_fp,
          ts_ms: found.created_time ? Date.parse(found.created_time) : context.clock.now(),
          recovered: true,
        };
      }
      cursor = page.value.cursor || undefined;
    } while (cursor);
    return null;
  };

  return {
    /**
     * Place one order. Every attempt carries the same client_order_id (the result's
     * `client_order_id`, or the error's `clientOrderId`). When an attempt may have reached the
     * exchange without an answer (timeout, network failure, 5xx) and a later attempt is refused as a
     * duplicate (409), the order did land: it is looked up and returned with `recovered: true`.
     */
    createOrder: async (order: NewOrder): Promise<KalshiResult<PlacedOrder>> => {
      const identified = withClientOrderId(order);
      const invalid = checkOrders<PlacedOrder>('createOrder', [identified]);
      if (invalid) return invalid;
      let mayHaveLanded = false;
      const result = await call(context, {
        ...write,
        name: 'createOrder',
        schema: CreatedOrder,
        clientOrderId: identified.client_order_id,
        send: (options) => orders.createOrderV2(identified, options),
        onAttemptFailed: ({ kind, status }) => {
          if (kind === 'timeout' || kind === 'network' || (status !== undefined && status >= 500)) mayHaveLanded = true;
        },
      });
      if (result.ok) {
        const clientOrderId = result.value.client_order_id ?? identified.client_order_id;
        return { ...result, value: { ...result.value, client_order_id: clientOrderId, recovered: false } };
      }
      if (mayHaveLanded && result.error.status === 409) {
        const landed = await findByClientOrderId(identified);
        if (landed) return { ok: true, value: landed, status: result.error.status, attempts: result.error.attempts };
      }
      return { ok: false, error: { ...result.error, clientOrderId: identified.client_order_id } };
    },

    cancelOrder: (orderId: string, target: CancelTarget = {}) =>
      call(context, {
        ...write,
        name: 'cancelOrder',
        cost: cancelCost,
        schema: CanceledOrder,
        send: (options) => orders.cancelOrderV2(orderId, target.subaccount, target.exchangeIndex, target.marketTicker, options),
      }),

    /** Change price and/or total count (`count` = already filled + desired remaining). */
    amendOrder: (orderId: string, amendment: AmendOrderV2Request, subaccount?: number) =>
      call(context, {
        ...write,
        name: 'amendOrder',
        schema: AmendedOrder,
        send: (options) => orders.amendOrderV2(orderId, amendment, subaccount, options),
      }),

    /** Exactly one of `reduce_by` / `reduce_to`. */
    decreaseOrder: (orderId: string, decrease: DecreaseOrderV2Request, subaccount?: number) =>
      call(context, {
        ...write,
        name: 'decreaseOrder',
        schema: DecreasedOrder,
        send: (options) => orders.decreaseOrderV2(orderId, decrease, subaccount, options),
      }),

    /** Place several orders in one request; each item is billed (and may fail) separately. */
    batchCreateOrders: async (newOrders: NewOrder[]) => {
      const identified = newOrders.map(withClientOrderId);
      const invalid = checkOrders<BatchCreatedOrders>('batchCreateOrders', identified);
      if (invalid) return invalid;
      return call(context, {
        ...write,
        name: 'batchCreateOrders',
        cost: defaultCost * Math.max(1, identified.length),
        schema: BatchCreatedOrders,
        send: (options) => orders.batchCreateOrdersV2({ orders: identified }, options),
      });
    },

    batchCancelOrders: (targets: BatchCancelOrdersV2RequestOrdersInner[]) =>
      call(context, {
        ...write,
        name: 'batchCancelOrders',
        cost: cancelCost * Math.max(1, targets.length),
        schema: BatchCanceledOrders,
        send: (options) => orders.batchCancelOrdersV2({ orders: targets }, options),
      }),

    /** Cancel every resting order (204 on success). */
    cancelAllOrders: (subaccount?: number) =>
      call(context, { ...write, name: 'cancelAllOrders', schema: NoContent, send: (options) => orders.cancelAllOrders(subaccount, options) }),
  };
}
