/** What every group of calls needs: the executor context, the SDK and the request costs. */
import type { AxiosResponse, RawAxiosRequestConfig } from 'axios';
import type { z } from 'zod';
import type { KalshiResult } from '../errors';
import type { RateLimits } from '../rate-limits';
import { type Budget, type ExecutorContext, type Operation, execute } from './executor';
import type { Sdk } from './sdk';

export interface CallContext extends ExecutorContext {
  sdk: Sdk;
  limits: RateLimits;
}

export interface CallSpec<T> {
  name: string;
  schema: z.ZodType<T, unknown>;
  send: (options: RawAxiosRequestConfig) => Promise<AxiosResponse<unknown>>;
  budget?: Budget;
  signed?: boolean;
  /** Tokens per attempt; defaults to the configured default cost. */
  cost?: number;
  onAttemptFailed?: Operation<T>['onAttemptFailed'];
  clientOrderId?: string;
}

/** Run one call through the executor with the defaults of its group. */
export function call<T>(context: CallContext, spec: CallSpec<T>): Promise<KalshiResult<T>> {
  return execute(context, {
    name: spec.name,
    schema: spec.schema,
    send: spec.send,
    budget: spec.budget ?? 'read',
    signed: spec.signed ?? false,
    cost: spec.cost ?? context.limits.defaultCost,
    ...(spec.onAttemptFailed ? { onAttemptFailed: spec.onAttemptFailed } : {}),
    ...(spec.clientOrderId === undefined ? {} : { clientOrderId: spec.clientOrderId }),
  });
}
