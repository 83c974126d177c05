// Process-wide Prometheus counters, incremented where the thing happens (feed ingestion, mail), and the
// Node process's own metrics. Per-app series (HTTP latency, read-model gauges) live in the app's registry.
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'getihu_' });

export const feedRows = new Counter({
  name: 'getihu_feed_rows_total',
  help: 'Department feed rows by outcome: stored (inserted or updated) or refused (failed validation).',
  labelNames: ['feed', 'outcome'] as const,
  registers: [processRegistry],
});

export const mails = new Counter({
  name: 'getihu_mail_total',
  help: 'Mail handed to SMTP or the outbox folder (sent), or that failed to send (failed).',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});
// Both series from the start, so that rate() and alerts see a zero rather than nothing.
for (const outcome of ['sent', 'failed']) mails.inc({ outcome }, 0);
