/**
 * Plausible non-Bitcoin series that fill the universe to its requested size (50,000+ markets),
 * in the shapes Kalshi uses: two- and three-way games, threshold ladders, range brackets, named
 * choices and independent "mention" binaries. Names are illustrative; every one is simulated.
 */
import type { SeriesDraft } from './series';

export type FillerShape =
  /** Mutually exclusive sides of a game: one market per side. */
  | { readonly kind: 'game'; readonly teams: readonly string[]; readonly tie: boolean }
  /** "Above X?" markets on one number. */
  | { readonly kind: 'ladder'; readonly mean: number; readonly spread: number; readonly step: number; readonly count: number; readonly unit: string; readonly decimals: number }
  /** Mutually exclusive ranges of one number, with a tail at each end. */
  | { readonly kind: 'brackets'; readonly mean: number; readonly width: number; readonly count: number; readonly unit: string; readonly decimals: number }
  /** Mutually exclusive named outcomes. */
  | { readonly kind: 'choice'; readonly options: readonly string[]; readonly pick: number }
  /** Independent yes/no questions sharing an event. */
  | { readonly kind: 'mentions'; readonly words: readonly string[]; readonly pick: number; readonly speakers: readonly string[] };

export interface FillerTemplate {
  readonly series: SeriesDraft;
  readonly shape: FillerShape;
  /** The Eastern hour events close at. */
  readonly closeHour: number;
  /** How the event reads: `{date}` and `{subject}` are filled in. */
  readonly eventTitle: string;
  /** Weight of this series when drawing events. */
  readonly weight: number;
}

const nfl = ['KC', 'BUF', 'BAL', 'PHI', 'SF', 'DET', 'DAL', 'MIA', 'CIN', 'GB', 'LAR', 'NYJ', 'PIT', 'SEA', 'MIN', 'HOU', 'CLE', 'DEN', 'LAC', 'TB'];
const nba = ['BOS', 'DEN', 'OKC', 'MIL', 'LAL', 'GSW', 'PHX', 'NYK', 'MIA', 'DAL', 'MIN', 'CLE', 'SAC', 'IND', 'ORL', 'PHI', 'MEM', 'ATL'];
const mlb = ['LAD', 'NYY', 'ATL', 'HOU', 'PHI', 'BAL', 'TEX', 'SEA', 'TOR', 'MIN', 'SD', 'CHC', 'BOS', 'STL', 'ARI', 'MIL', 'CLE', 'DET'];
const nhl = ['FLA', 'EDM', 'DAL', 'NYR', 'COL', 'VGK', 'CAR', 'BOS', 'TOR', 'WPG', 'VAN', 'NJD', 'LAK', 'TBL', 'MIN', 'NSH'];
const epl = ['ARS', 'MCI', 'LIV', 'AVL', 'TOT', 'CHE', 'NEW', 'MUN', 'WHU', 'BHA', 'BOU', 'FUL', 'CRY', 'BRE', 'EVE', 'NFO'];
const words = [
  'Tariff', 'Inflation', 'Border', 'Crypto', 'China', 'Jobs', 'Economy', 'Energy', 'Healthcare', 'Taxes', 'Ukraine', 'Israel',
  'Fed', 'Interest rate', 'AI', 'Deficit', 'Immigration', 'Trade deal', 'Oil', 'Stock market', 'Housing', 'Education', 'Climate',
  'Veterans', 'Infrastructure', 'Manufacturing', 'Small business', 'Bitcoin', 'Recession', 'Wages',
];
const films = ['Northern Lights', 'The Last Harbor', 'Paper Kingdoms', 'Glass Rivers', 'Quiet Engines', 'Salt and Iron', 'Midnight Atlas', 'The Long Orbit', 'Copper Sky', 'Hollow Crown'];
const songs = ['Neon Hearts', 'Slow Burn', 'Golden Hour', 'Wildflower', 'Static', 'Afterglow', 'Parallel', 'Runaway Summer', 'Echoes', 'Daylight'];
const models = ['Model A', 'Model B', 'Model C', 'Model D', 'Model E', 'Model F', 'Model G', 'Model H'];
const parties = ['Democratic', 'Republican', 'Independent'];
const states = ['AZ', 'GA', 'PA', 'MI', 'WI', 'NV', 'NC', 'OH', 'TX', 'FL', 'MT', 'ME', 'NH', 'VA', 'MN', 'IA'];

const draft = (ticker: string, title: string, category: string, tags: string[], frequency: string, extra: Partial<SeriesDraft> = {}): SeriesDraft => ({
  ticker,
  title,
  category,
  tags,
  frequency,
  ...extra,
});

export const fillerTemplates: readonly FillerTemplate[] = [
  { series: draft('KXNFLGAME', 'NFL game winner', 'Sports', ['Football', 'NFL'], 'custom'), shape: { kind: 'game', teams: nfl, tie: false }, closeHour: 23, eventTitle: '{subject} winner on {date}?', weight: 4 },
  { series: draft('KXNBAGAME', 'NBA game winner', 'Sports', ['Basketball', 'NBA'], 'custom'), shape: { kind: 'game', teams: nba, tie: false }, closeHour: 22, eventTitle: '{subject} winner on {date}?', weight: 5 },
  { series: draft('KXMLBGAME', 'MLB game winner', 'Sports', ['Baseball', 'MLB'], 'custom'), shape: { kind: 'game', teams: mlb, tie: false }, closeHour: 21, eventTitle: '{subject} winner on {date}?', weight: 5 },
  { series: draft('KXNHLGAME', 'NHL game winner', 'Sports', ['Hockey', 'NHL'], 'custom'), shape: { kind: 'game', teams: nhl, tie: false }, closeHour: 22, eventTitle: '{subject} winner on {date}?', weight: 4 },
  { series: draft('KXEPLGAME', 'Premier League match result', 'Sports', ['Soccer', 'EPL'], 'custom'), shape: { kind: 'game', teams: epl, tie: true }, closeHour: 12, eventTitle: '{subject} result on {date}?', weight: 4 },
  {
    series: draft('KXCPIYOY', 'CPI year-over-year', 'Economics', ['Inflation', 'CPI'], 'monthly'),
    shape: { kind: 'ladder', mean: 2.9, spread: 0.3, step: 0.1, count: 14, unit: '%', decimals: 1 },
    closeHour: 8,
    eventTitle: 'CPI year-over-year reported on {date}?',
    weight: 2,
  },
  {
    series: draft('KXFED', 'Fed funds target upper bound', 'Economics', ['Fed', 'Interest rates'], 'custom', { feeType: 'quadratic_with_maker_fees' }),
    shape: { kind: 'ladder', mean: 4.0, spread: 0.25, step: 0.25, count: 9, unit: '%', decimals: 2 },
    closeHour: 14,
    eventTitle: 'Fed funds upper bound after the meeting on {date}?',
    weight: 1,
  },
  {
    series: draft('KXPAYROLLS', 'Nonfarm payrolls', 'Economics', ['Jobs'], 'monthly'),
    shape: { kind: 'ladder', mean: 150, spread: 60, step: 25, count: 12, unit: 'k', decimals: 0 },
    closeHour: 8,
    eventTitle: 'Jobs added, reported on {date}?',
    weight: 2,
  },
  {
    series: draft('KXUNEMPLOYMENT', 'Unemployment rate', 'Economics', ['Jobs'], 'monthly'),
    shape: { kind: 'ladder', mean: 4.2, spread: 0.15, step: 0.1, count: 10, unit: '%', decimals: 1 },
    closeHour: 8,
    eventTitle: 'Unemployment rate reported on {date}?',
    weight: 1,
  },
  {
    series: draft('KXAAAGASW', 'US average gas price', 'Economics', ['Gas prices'], 'weekly'),
    shape: { kind: 'ladder', mean: 3.25, spread: 0.08, step: 0.05, count: 16, unit: '$', decimals: 2 },
    closeHour: 23,
    eventTitle: 'US average gas price on {date}?',
    weight: 3,
  },
  {
    series: draft('KXINX', 'S&P 500 close range', 'Financials', ['S&P 500', 'Indices'], 'daily', { feeType: 'quadratic_with_maker_fees', feeMultiplier: 0.5 }),
    shape: { kind: 'brackets', mean: 6150, width: 25, count: 24, unit: '', decimals: 0 },
    closeHour: 16,
    eventTitle: 'S&P 500 close on {date}?',
    weight: 6,
  },
  {
    series: draft('KXNASDAQ100', 'Nasdaq-100 close range', 'Financials', ['Nasdaq', 'Indices'], 'daily', { feeType: 'quadratic_with_maker_fees', feeMultiplier: 0.5 }),
    shape: { kind: 'brackets', mean: 22100, width: 100, count: 24, unit: '', decimals: 0 },
    closeHour: 16,
    eventTitle: 'Nasdaq-100 close on {date}?',
    weight: 5,
  },
  {
    series: draft('KXWTI', 'WTI crude oil settle', 'Financials', ['Oil', 'Commodities'], 'daily'),
    shape: { kind: 'brackets', mean: 68, width: 1, count: 16, unit: '$', decimals: 0 },
    closeHour: 14,
    eventTitle: 'WTI crude settle on {date}?',
    weight: 3,
  },
  {
    series: draft('KXGOLDD', 'Gold price above', 'Financials', ['Gold', 'Commodities'], 'daily'),
    shape: { kind: 'ladder', mean: 3350, spread: 30, step: 10, count: 20, unit: '$', decimals: 0 },
    closeHour: 17,
    eventTitle: 'Gold price on {date}?',
    weight: 3,
  },
  {
    series: draft('KXETHD', 'Ethereum price above/below', 'Crypto', ['ETH'], 'daily'),
    shape: { kind: 'ladder', mean: 3400, spread: 90, step: 20, count: 30, unit: '$', decimals: 0 },
    closeHour: 17,
    eventTitle: 'Ethereum price on {date} at 5pm EDT?',
    weight: 4,
  },
  {
    series: draft('KXSOLD', 'Solana price above/below', 'Crypto', ['SOL'], 'daily'),
    shape: { kind: 'ladder', mean: 165, spread: 6, step: 2, count: 24, unit: '$', decimals: 0 },
    closeHour: 17,
    eventTitle: 'Solana price on {date} at 5pm EDT?',
    weight: 3,
  },
  {
    series: draft('KXSENATE', 'Senate race winner', 'Politics', ['Elections', 'Senate'], 'one_off'),
    shape: { kind: 'choice', options: parties, pick: 3 },
    closeHour: 20,
    eventTitle: '{subject} Senate race winner?',
    weight: 2,
  },
  {
    series: draft('KXAPPROVAL', 'Presidential approval rating', 'Politics', ['Polls'], 'weekly'),
    shape: { kind: 'brackets', mean: 44, width: 1, count: 10, unit: '%', decimals: 0 },
    closeHour: 12,
    eventTitle: 'Approval rating on {date}?',
    weight: 2,
  },
  {
    series: draft('KXMENTION', 'What will be said at the briefing?', 'Mentions', ['Mentions', 'Politics'], 'custom'),
    shape: { kind: 'mentions', words, pick: 24, speakers: ['the Press Secretary', 'the Fed Chair', 'the Treasury Secretary', 'the Governor'] },
    closeHour: 15,
    eventTitle: 'What will {subject} say on {date}?',
    weight: 6,
  },
  {
    series: draft('KXRTSCORE', 'Rotten Tomatoes score', 'Entertainment', ['Movies'], 'one_off'),
    shape: { kind: 'ladder', mean: 78, spread: 10, step: 5, count: 12, unit: '', decimals: 0 },
    closeHour: 10,
    eventTitle: 'Rotten Tomatoes score of {subject}?',
    weight: 2,
  },
  {
    series: draft('KXBILLBOARD1', 'Billboard Hot 100 number one', 'Entertainment', ['Music'], 'weekly'),
    shape: { kind: 'choice', options: songs, pick: 8 },
    closeHour: 12,
    eventTitle: 'Billboard Hot 100 number one on {date}?',
    weight: 2,
  },
  {
    series: draft('KXAWARDPIC', 'Best Picture winner', 'Entertainment', ['Awards', 'Movies'], 'annual'),
    shape: { kind: 'choice', options: films, pick: 10 },
    closeHour: 23,
    eventTitle: 'Best Picture winner announced on {date}?',
    weight: 1,
  },
  {
    series: draft('KXTOPAI', 'Top AI model on the leaderboard', 'Science and Technology', ['AI'], 'weekly'),
    shape: { kind: 'choice', options: models, pick: 8 },
    closeHour: 12,
    eventTitle: 'Top AI model on {date}?',
    weight: 2,
  },
  {
    series: draft('KXLAUNCHES', 'Orbital launches this month', 'Science and Technology', ['Space'], 'monthly'),
    shape: { kind: 'ladder', mean: 14, spread: 3, step: 1, count: 12, unit: '', decimals: 0 },
    closeHour: 23,
    eventTitle: 'Orbital launches through {date}?',
    weight: 1,
  },
];

export const fillerSubjects = { states, films };
