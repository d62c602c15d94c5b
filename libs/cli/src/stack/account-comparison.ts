/**
 * The read models (schema demo) side by side with the simulator's own record of the account
 * (`GET /admin/accounts/{keyId}`): every order the exchange holds must be in `orders` with the
 * same status and counts, every fill in `fills` with the same count, price and side, and the
 * account's net position in every market in `positions` (holder `account`). Returns the
 * differences as sentences, so a failing test says what is wrong.
 */
import { parseCount, parseDollars } from '@polly/contracts';
import type { Stack } from './in-process';

interface ExchangeOrder {
  order_id: string;
  client_order_id: string;
  ticker: string;
  status: string;
  fill_count_fp: string;
  remaining_count_fp: string;
  initial_count_fp: string;
  yes_price_dollars: string;
}

interface ExchangeFill {
  fill_id: string;
  order_id: string;
  ticker: string;
  book_side: string;
  count_fp: string;
  yes_price_dollars: string;
}

interface ExchangePosition {
  ticker: string;
  position_fp: string;
}

export interface AccountComparison {
  orders: number;
  fills: number;
  positions: number;
  differences: string[];
}

const sameCount = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && parseCount(a) === parseCount(b);
const samePrice = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && parseDollars(a) === parseDollars(b);

export async function compareWithExchange(stack: Stack): Promise<AccountComparison> {
  const account = (await stack.admin('GET', `/accounts/${stack.keys.keyId}`)) as { orders: ExchangeOrder[]; fills: ExchangeFill[]; positions: ExchangePosition[] };
  const schema = stack.database.db.withSchema('demo');
  const orders = await schema.selectFrom('orders').selectAll().execute();
  const fills = await schema.selectFrom('fills').selectAll().execute();
  const positions = await schema.selectFrom('positions').selectAll().where('holder', '=', 'account').execute();
  const differences: string[] = [];

  const ordersById = new Map(orders.filter((row) => row.order_id !== null).map((row) => [row.order_id as string, row]));
  for (const order of account.orders) {
    const row = ordersById.get(order.order_id);
    if (!row) {
      differences.push(`order ${order.order_id} (${order.client_order_id}, ${order.status}) is missing from the read model`);
      continue;
    }
    ordersById.delete(order.order_id);
    const mismatched = [
      row.client_order_id !== order.client_order_id && `client id ${row.client_order_id} ≠ ${order.client_order_id}`,
      row.status !== order.status && `status ${row.status} ≠ ${order.status}`,
      !sameCount(row.count, order.initial_count_fp) && `count ${row.count} ≠ ${order.initial_count_fp}`,
      !sameCount(row.filled_count, order.fill_count_fp) && `filled ${row.filled_count} ≠ ${order.fill_count_fp}`,
      !sameCount(row.remaining_count, order.remaining_count_fp) && `remaining ${row.remaining_count} ≠ ${order.remaining_count_fp}`,
      !samePrice(row.yes_price, order.yes_price_dollars) && `YES price ${row.yes_price} ≠ ${order.yes_price_dollars}`,
    ].filter(Boolean);
    if (mismatched.length > 0) differences.push(`order ${order.order_id} (${order.ticker}): ${mismatched.join(', ')}`);
  }
  for (const row of ordersById.values()) differences.push(`order ${row.order_id} (${row.client_order_id}) is in the read model but not at the exchange`);

  const fillsById = new Map(fills.map((row) => [row.fill_id, row]));
  for (const fill of account.fills) {
    const row = fillsById.get(fill.fill_id);
    if (!row) {
      differences.push(`fill ${fill.fill_id} of order ${fill.order_id} (${fill.ticker}) is missing from the read model`);
      continue;
    }
    fillsById.delete(fill.fill_id);
    const mismatched = [
      row.order_id !== fill.order_id && `order ${row.order_id} ≠ ${fill.order_id}`,
      !sameCount(row.count, fill.count_fp) && `count ${row.count} ≠ ${fill.count_fp}`,
      !samePrice(row.yes_price, fill.yes_price_dollars) && `YES price ${row.yes_price} ≠ ${fill.yes_price_dollars}`,
      // A bid buys YES or sells NO; either way the V2 side is the book side.
      (fill.book_side === 'bid') !== ((row.action === 'buy') === (row.side === 'yes')) && `direction ${row.action} ${row.side} ≠ ${fill.book_side}`,
    ].filter(Boolean);
    if (mismatched.length > 0) differences.push(`fill ${fill.fill_id} (${fill.ticker}): ${mismatched.join(', ')}`);
  }
  for (const row of fillsById.values()) differences.push(`fill ${row.fill_id} (${row.market_ticker}) is in the read model but not at the exchange`);

  const exchangePositions = new Map(account.positions.filter((position) => parseCount(position.position_fp) !== 0n).map((position) => [position.ticker, position.position_fp]));
  const localPositions = new Map(positions.filter((row) => parseCount(row.position) !== 0n).map((row) => [row.market_ticker, row.position]));
  for (const ticker of new Set([...exchangePositions.keys(), ...localPositions.keys()])) {
    const remote = exchangePositions.get(ticker) ?? '0.00';
    const local = localPositions.get(ticker) ?? '0.00';
    if (!sameCount(remote, local)) differences.push(`position in ${ticker}: read model ${local} ≠ exchange ${remote}`);
  }
  return { orders: account.orders.length, fills: account.fills.length, positions: exchangePositions.size, differences };
}
