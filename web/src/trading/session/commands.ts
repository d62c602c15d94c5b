/**
 * The commands the cockpit sends, each one POST of docs/control-api.md. They name the active
 * environment explicitly, so a command can never land in the other environment because someone
 * switched in another tab a moment earlier. Results are values: the caller shows the message.
 */
import { type ApiResult, type ControlClient, query } from '../api/client';
import { AutofillAnswer, CommandAccepted, type AgentMode, type Environment, KeysConnectedAnswer, KeysDisconnectedAnswer } from '../api/schemas';

export interface CommandContext {
  client(): ControlClient | undefined;
  environment(): Environment | null;
  afterKeys(): void;
  afterApprovalAnswer(): void;
}

export type TradingCommands = ReturnType<typeof createCommands>;

const notConnected: ApiResult<never> = { ok: false, status: 0, message: 'the control API is not connected' };

/** An approval shown from the live feed may reach the API a moment before its read model does. */
const approvalRetries = 4;
const approvalRetryMilliseconds = 400;

export function createCommands(context: CommandContext) {
  const withClient = async <Value>(run: (client: ControlClient) => Promise<ApiResult<Value>>): Promise<ApiResult<Value>> => {
    const client = context.client();
    return client ? run(client) : notConnected;
  };
  const command = (path: string, body: Record<string, unknown> = {}) =>
    withClient((client) => client.post(`${path}${query({ environment: context.environment() })}`, body, CommandAccepted));

  const answerApproval = async (approvalId: string, verb: 'approve' | 'deny', reason?: string) => {
    const path = `/control/approvals/${encodeURIComponent(approvalId)}/${verb}`;
    let result = await command(path, verb === 'deny' && reason ? { reason } : {});
    for (let attempt = 1; attempt < approvalRetries && !result.ok && result.status === 404; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, approvalRetryMilliseconds));
      result = await command(path, verb === 'deny' && reason ? { reason } : {});
    }
    context.afterApprovalAnswer();
    return result;
  };

  return {
    autofill: () => withClient((client) => client.get('/control/keys/autofill', AutofillAnswer)),
    async connectKeys(environment: Environment, keyId: string, privateKey: string) {
      const result = await withClient((client) =>
        client.post('/control/keys/connect', { environment, api_key: keyId, private_key: privateKey }, KeysConnectedAnswer),
      );
      context.afterKeys();
      return result;
    },
    async disconnectKeys(environment: Environment) {
      const result = await withClient((client) => client.post('/control/keys/disconnect', { environment }, KeysDisconnectedAnswer));
      context.afterKeys();
      return result;
    },
    selectEnvironment: (environment: Environment) =>
      withClient((client) => client.post('/control/environment/set', { environment }, CommandAccepted)),
    setAgentMode: (agentId: string, mode: AgentMode) => command(`/control/agents/${encodeURIComponent(agentId)}/set_mode`, { mode }),
    setEveryAgentMode: (mode: AgentMode) => command('/control/agents/set_mode', { mode }),
    /** The kill switch: trading off in the active environment and every resting order cancelled. */
    killSwitch: () =>
      withClient((client) =>
        client.post('/control/trading/disable', { environment: context.environment(), cancelResting: true, reason: 'kill switch (cockpit)' }, CommandAccepted),
      ),
    enableTrading: () => command('/control/trading/enable'),
    approve: (approvalId: string) => answerApproval(approvalId, 'approve'),
    deny: (approvalId: string, reason?: string) => answerApproval(approvalId, 'deny', reason),
  };
}
