/**
 * Shared pieces for defining simulated series and markets: every series says it is simulated
 * (tag `Simulated`, `product_metadata.simulated = true`), and strike helpers turn a realised value
 * into a result the way Kalshi's strike types read (PROTOCOL §5.4).
 */
import type { FeeType } from '@polly/market';
import type { SettlementSource, SimSeries, StrikeType } from './model';

export interface SeriesDraft {
  readonly ticker: string;
  readonly title: string;
  readonly category: string;
  readonly tags: readonly string[];
  readonly frequency: string;
  readonly feeType?: FeeType;
  readonly feeMultiplier?: number;
  readonly settlementSources?: readonly SettlementSource[];
  readonly productMetadata?: Readonly<Record<string, unknown>>;
}

export function simulatedSeries(draft: SeriesDraft, now: number): SimSeries {
  return {
    ticker: draft.ticker,
    title: draft.title,
    category: draft.category,
    tags: [...draft.tags, 'Simulated'],
    frequency: draft.frequency,
    feeType: draft.feeType ?? 'quadratic',
    feeMultiplier: draft.feeMultiplier ?? 1,
    settlementSources: draft.settlementSources ?? [{ name: 'Exchange simulator', url: 'https://exchange-sim.invalid/sources' }],
    contractUrl: `https://exchange-sim.invalid/contracts/${draft.ticker}.pdf`,
    contractTermsUrl: `https://exchange-sim.invalid/contract-terms/${draft.ticker}.pdf`,
    productMetadata: { ...draft.productMetadata, simulated: true },
    lastUpdated: now,
  };
}

export const SIMULATED_NOTE = 'Simulated market: served by a local exchange simulator; no real contract exists.';

/** Does a realised value make YES true for this strike? (`between` is inclusive at both ends.) */
export function strikeHolds(strikeType: StrikeType, floor: number | null, cap: number | null, value: number): boolean {
  switch (strikeType) {
    case 'greater':
      return floor !== null && value > floor;
    case 'greater_or_equal':
      return floor !== null && value >= floor;
    case 'less':
      return cap !== null && value < cap;
    case 'less_or_equal':
      return cap !== null && value <= cap;
    case 'between':
      return floor !== null && cap !== null && value >= floor && value <= cap;
  }
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26). */
export function normalCdf(z: number): number {
  const sign = z < 0 ? -1 : 1;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return 0.5 * (1 + sign * erf);
}

/** The probability a normal outcome satisfies a strike. */
export function strikeProbability(
  strikeType: StrikeType,
  floor: number | null,
  cap: number | null,
  mean: number,
  deviation: number,
): number {
  const below = (level: number) => normalCdf((level - mean) / Math.max(deviation, 1e-9));
  switch (strikeType) {
    case 'greater':
    case 'greater_or_equal':
      return 1 - below(floor ?? 0);
    case 'less':
    case 'less_or_equal':
      return below(cap ?? 0);
    case 'between':
      return below(cap ?? 0) - below(floor ?? 0);
  }
}

/** Keep model probabilities off the very edges so quotes stay on the grid. */
export const clampProbability = (probability: number): number => Math.min(0.97, Math.max(0.03, probability));

/** 72749.99 → "72,749.99"; 78 → "78" (by hand: toLocaleString is far too slow for 50,000 markets). */
export function formatNumber(value: number, decimals = 2): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
