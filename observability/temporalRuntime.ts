// The Temporal SDK's Runtime for this process: its logs (TypeScript side and, forwarded, the native
// core's) go to our pino logger, and its own metrics to a Prometheus endpoint when an address is given.
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK's Logger interface on top of a pino logger; its lines say component "temporal" (pass a logger without one). */
export function temporalLogger(logger: Logger): TemporalLogger {
  const log = logger.child({ component: 'temporal' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => log[LEVELS[level]]({ ...meta }, message);
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

export interface TemporalRuntimeOptions {
  /**
   * host:port where the SDK serves its own metrics (worker task slots, poll latencies, activity and
   * workflow task execution) in Prometheus text at /metrics; undefined serves none.
   */
  metricsAddress?: string;
}

/**
 * Installs the Runtime; must run before the first NativeConnection or Worker of the process. Returns
 * false when one is already installed (tests install their own), leaving it as it is.
 */
export function installTemporalRuntime(logger: Logger, options: TemporalRuntimeOptions = {}): boolean {
  try {
    Runtime.install({
      logger: temporalLogger(logger),
      telemetryOptions: {
        logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
        ...(options.metricsAddress ? { metrics: { prometheus: { bindAddress: options.metricsAddress } } } : {}),
      },
    });
    return true;
  } catch (error) {
    logger.warn({ err: error }, 'Temporal runtime already installed: keeping its logger and metrics');
    return false;
  }
}

/** TEMPORAL_METRICS_ADDRESS, or the fallback; "off" (or empty) serves none. */
export function temporalMetricsAddress(fallback: string | undefined): string | undefined {
  const value = process.env.TEMPORAL_METRICS_ADDRESS ?? fallback;
  return value && value !== 'off' ? value : undefined;
}
