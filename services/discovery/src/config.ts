/**
 * Discovery's configuration: the shared bus, database and exchange fragments plus its own
 * variables. Lists are comma-separated; unknown statuses refuse to start with a message that says
 * which values are allowed.
 */
import { z } from 'zod';
import { BusConfig, DatabaseConfig, ExchangeConfig, envPositiveInteger } from '@polly/runtime';

/** The `status` filter values of `GET /markets` (PROTOCOL §4.1), one per request. */
export const LISTING_STATUSES = ['unopened', 'open', 'paused', 'closed', 'settled'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

const commaList = (text: string): string[] => [...new Set(text.split(',').map((item) => item.trim()).filter(Boolean))];

const statusList = z
  .string()
  .default('unopened,open')
  .transform((text, context) => {
    const statuses = commaList(text);
    if (statuses.length === 0) context.addIssue({ code: 'custom', message: 'list at least one status' });
    for (const status of statuses) {
      if (!(LISTING_STATUSES as readonly string[]).includes(status)) {
        context.addIssue({ code: 'custom', message: `unknown status "${status}" (use ${LISTING_STATUSES.join(', ')})` });
      }
    }
    return statuses as ListingStatus[];
  });

const tickerList = (fallback: string) => z.string().default(fallback).transform((text) => commaList(text).map((ticker) => ticker.toUpperCase()));
const wordList = z.string().default('').transform((text) => commaList(text).map((word) => word.toLowerCase()));

export const DiscoveryConfig = BusConfig.extend(DatabaseConfig.shape)
  .extend(ExchangeConfig.shape)
  .extend({
    POLLY_DISCOVERY_INTERVAL_SECONDS: envPositiveInteger.default(300).describe('seconds between two listings of the whole exchange (a cycle also runs at start)'),
    POLLY_DISCOVERY_RETRY_SECONDS: envPositiveInteger.default(30).describe('seconds before a failed cycle is tried again'),
    POLLY_DISCOVERY_READ_TOKENS_PER_SECOND: envPositiveInteger
      .min(20, 'at least 20: a request costs 10 tokens and the bucket must hold one')
      .default(100)
      .describe('read tokens per second discovery may spend (10 per request; leave the rest of the account budget to other services)'),
    POLLY_DISCOVERY_STATUSES: statusList.describe(`market statuses to list, comma-separated, among ${LISTING_STATUSES.join(', ')}`),
    POLLY_DISCOVERY_WATCHLIST_SERIES: tickerList('KXBTC15M').describe('series whose open markets are WATCHLIST (agents prioritise them), comma-separated'),
    POLLY_DISCOVERY_IGNORED_SERIES: tickerList('').describe('series whose markets are IGNORED (stored, never subscribed), comma-separated'),
    POLLY_DISCOVERY_IGNORED_CATEGORIES: wordList.describe('series categories whose markets are IGNORED, comma-separated (case-insensitive)'),
    POLLY_DISCOVERY_PROGRESS_PAGES: envPositiveInteger.default(10).describe('a discovery.progressed event every this many pages'),
  });
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;
