/**
 * docs/events.md is generated from the zod schemas (a test fails when it is stale;
 * `npm run polly -- docs` rewrites it), so the catalogue can never drift from the code.
 */
import { z } from 'zod';
import { catalog } from './catalog';
import type { EventDefinition } from './define';
import { Envelope } from './envelope';
import { STREAMS, STREAM_NAMES } from './streams';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema | JsonSchema[]; prefixItems?: JsonSchema[]; enum?: unknown[]; anyOf?: JsonSchema[]; pattern?: string; format?: string; const?: unknown };

function describeType(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(describeType).join(' or ');
  if (schema.prefixItems) return `[${schema.prefixItems.map(describeType).join(', ')}]`;
  if (schema.type === 'array') return `array of ${schema.items && !Array.isArray(schema.items) ? describeType(schema.items) : 'items'}`;
  if (schema.type === 'object' && schema.properties) return 'object';
  if (schema.type === 'string' && schema.pattern?.includes('\\d{1,6}')) return 'dollars (string)';
  if (schema.type === 'string' && schema.pattern?.includes('\\d{1,2}')) return 'count (string)';
  if (schema.type === 'string' && schema.format === 'date-time') return 'timestamp';
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
}

function fieldRows(schema: JsonSchema, prefix = ''): string[] {
  const rows: string[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const required = schema.required?.includes(name) ? '' : ' (optional)';
    rows.push(`| \`${prefix}${name}\` | ${describeType(field)}${required} |`);
    const nested = field.anyOf?.find((option) => option.type === 'object') ?? field;
    if (nested.type === 'object' && nested.properties && prefix.split('.').length < 3) rows.push(...fieldRows(nested, `${prefix}${name}.`));
  }
  return rows;
}

function subjectOf(definition: EventDefinition): string {
  return `${STREAMS[definition.stream].prefix}.{environment}.${definition.type}${definition.key ? '.{key}' : ''}`;
}

export function renderEventCatalogue(): string {
  const lines = [
    '# Event catalogue',
    '',
    'Generated from the zod schemas in `libs/contracts` by `npm run polly -- docs`; a test fails when this',
    'file and the schemas disagree. Facts are past tense (`order.accepted`), commands imperative',
    '(`agent.set-mode`). Money is a dollar string (`"0.5600"`), counts are count strings (`"10.00"`):',
    'never floats.',
    '',
    '## Envelope',
    '',
    'Every message on the bus has this envelope; `id` is also the JetStream `msgID`.',
    '',
    '| field | type |',
    '|---|---|',
    ...fieldRows(z.toJSONSchema(Envelope, { unrepresentable: 'any' }) as JsonSchema),
    '',
    '## Streams',
    '',
    '| stream | subjects | retention | holds |',
    '|---|---|---|---|',
    ...STREAM_NAMES.map((name) => {
      const stream = STREAMS[name];
      const retention = stream.retention === 'forever' ? 'forever' : `limits (${stream.maxAgeSeconds / 86_400} days)`;
      return `| ${name} | \`${stream.prefix}.>\` | ${retention} | ${stream.description} |`;
    }),
    '',
    'Dead letters (`deadletter.{stream}.{consumer}`) carry `reason`, `stream`, `consumer`, `subject`, `streamSequence`, `deliveries`, `payload` and `deadLetteredAt`.',
  ];
  for (const stream of STREAM_NAMES) {
    const definitions = Object.values(catalog as Record<string, EventDefinition>).filter((definition) => definition.stream === stream);
    if (definitions.length === 0) continue;
    lines.push('', `## ${stream}`);
    for (const definition of definitions) {
      const schema = z.toJSONSchema(definition.data, { unrepresentable: 'any' }) as JsonSchema;
      lines.push('', `### \`${definition.type}\` (${definition.kind}, version ${definition.version})`, '', definition.description, '', `Subject: \`${subjectOf(definition)}\``, '', '| field | type |', '|---|---|', ...fieldRows(schema));
    }
  }
  return `${lines.join('\n')}\n`;
}
