/** Structured JSON logs (pino) with the service name on every line and secrets redacted. */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { redact, redactText } from './redaction';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout by default. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? process.env.POLLY_LOG_LEVEL ?? 'info',
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'message',
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(inputArguments, method) {
          const cleaned = inputArguments.map((argument) => (typeof argument === 'string' ? redactText(argument) : argument));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      serializers: { error: (error: unknown) => redact(error), err: (error: unknown) => redact(error) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/**
 * A destination that keeps every log line in `lines` (tests, benchmarks, the in-process stack),
 * and hands the text to `echo` as well when given.
 */
export function lineCollector(lines: string[], echo?: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n')) if (line) lines.push(line);
      echo?.(text);
      done();
    },
  });
}
