import type { Insertable, Selectable } from 'kysely';
import type { Decimal, Json, NullableTimestamp, Timestamp } from './columns';

export interface AgentStateTable {
  agent_id: string;
  agent_name: string;
  enabled: boolean;
  mode: string;
  configuration: Json<Record<string, unknown>>;
  lifecycle_state: string;
  state_reason: string | null;
  last_decision_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DecisionsTable {
  decision_id: string;
  agent_id: string;
  market_ticker: string | null;
  outcome: string;
  reason_code: string;
  explanation: string;
  inputs: Json<Record<string, string | number | boolean | null>>;
  intent_id: string | null;
  decided_at: Timestamp;
}

export interface IntentsTable {
  intent_id: string;
  agent_id: string;
  client_order_id: string;
  market_ticker: string;
  action: string;
  side: string;
  price: Decimal;
  count: Decimal;
  status: string;
  route: string | null;
  denial_code: string | null;
  denial_message: string | null;
  reasoning: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApprovalsTable {
  approval_id: string;
  intent_id: string;
  agent_id: string;
  market_ticker: string;
  intent: Json<Record<string, unknown>>;
  status: string;
  requested_at: Timestamp;
  expires_at: Timestamp;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
  reason: string | null;
}

export type AgentStateRow = Selectable<AgentStateTable>;
export type NewAgentState = Insertable<AgentStateTable>;
export type DecisionRow = Selectable<DecisionsTable>;
export type IntentRow = Selectable<IntentsTable>;
export type ApprovalRow = Selectable<ApprovalsTable>;
