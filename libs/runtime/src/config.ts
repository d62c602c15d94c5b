/**
 * Configuration from the environment, validated at start. A service refuses to start rather than
 * run half-configured, and the error says which variable to set and why (from `.describe()`).
 */
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`configuration is incomplete:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

function describeVariable(schema: z.ZodObject, name: string): string {
  const field = schema.shape[name] as z.ZodType | undefined;
  const description = field?.description;
  return description ? ` (${description})` : '';
}

/**
 * Parse `env` with a zod object schema whose keys are variable names.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 */
export function loadConfig<TSchema extends z.ZodObject>(
  schema: TSchema,
  env: Record<string, string | undefined> = process.env,
): z.infer<TSchema> {
  const cleaned: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[name] = value;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    const what = issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : issue.message;
    return `set ${name}${describeVariable(schema, name)}: ${what}`;
  });
  throw new ConfigError(problems);
}

/** Common variable shapes. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
export const envPort = z.coerce.number().int().min(0).max(65535);
export const envPositiveInteger = z.coerce.number().int().positive();
