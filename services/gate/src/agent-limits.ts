/**
 * The part of an agent's configuration (`agent.registered.configuration`, free JSON) the gate
 * enforces: which environments it may trade, its position cap per market and its daily loss cap.
 * The agent's own parameters are ignored here.
 */
import { z } from 'zod';
import { type Centis, CountText, DollarsText, Environment, type Micros, absBigint, parseCount, parseDollars } from '@polly/contracts';

const LimitsSchema = z.object({
  /** No agent touches live until the owner allows it. */
  environments: z.array(Environment).default(['demo']),
  maxPosition: CountText.optional(),
  maxDailyLoss: DollarsText.optional(),
});

export interface AgentLimits {
  environments: readonly Environment[];
  /** Largest absolute position per market, or null for no cap. */
  maxPosition: Centis | null;
  /** Realized loss per UTC day after which buys stop, or null for no cap. */
  maxDailyLoss: Micros | null;
}

export function parseAgentLimits(configuration: Record<string, unknown>): { limits: AgentLimits; problem: string | null } {
  const parsed = LimitsSchema.safeParse(configuration);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    // Unusable limits must not mean "no limits": the agent gets no environment at all.
    return { limits: { environments: [], maxPosition: 0n as Centis, maxDailyLoss: 0n as Micros }, problem };
  }
  const { environments, maxPosition, maxDailyLoss } = parsed.data;
  return {
    limits: {
      environments,
      // A cap written with a minus sign ("-50.00" of loss) means the same as without.
      maxPosition: maxPosition === undefined ? null : absBigint(parseCount(maxPosition)),
      maxDailyLoss: maxDailyLoss === undefined ? null : absBigint(parseDollars(maxDailyLoss)),
    },
    problem: null,
  };
}
