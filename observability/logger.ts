// One structured JSON logger (pino) for the API, the worker and the Temporal SDK. Lines carry ids
// (request, principal, workflow), never personal data: what might hold some is redacted by key.
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Keys that may hold personal data or secrets, wherever a caller puts them into a line (top level or one
 * object down). Request lines carry no headers, bodies or query strings at all (see httpLogging.ts);
 * this is the second line of defence.
 */
export const REDACTED_KEYS = ['authorization', 'cookie', 'token', 'phone', 'mobile', 'idNumber', 'operatorIdNumber', 'email', 'to', 'name', 'operatorName', 'address'];

export interface LoggerOptions {
  /** LOG_LEVEL (trace, debug, info, warn, error, fatal, silent); default info. */
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream they read. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'getihu-flow' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names ("info"), not numbers, for people reading the raw lines.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
    },
    options.destination,
  );
}

let processLogger: Logger | undefined;

/** The process's logger (stdout, LOG_LEVEL), made on first use. */
export function rootLogger(): Logger {
  processLogger ??= createLogger();
  return processLogger;
}

/** A logger that writes nothing (tests and tools that do not ask for request lines). */
export const silentLogger: Logger = pino({ level: 'silent' });
