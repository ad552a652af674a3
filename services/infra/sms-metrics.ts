import { Counter, register } from 'prom-client';

/** prom-client metrics of outbound SMS (default registry: whatever serves /metrics exposes them). */
function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames });
}

export const smsMetrics = {
  /** Messages that ended failed/undelivered (status callback) or were refused at send, by Twilio error code. */
  deliveryFailures: counter('assistant_sms_delivery_failures_total', 'Outbound SMS that failed or were undelivered', ['status', 'code']),
  /** Budget events: `near` (reply shortened, ≥ 80 %), `cap` (reply not sent, ≥ 100 %). */
  budget: counter('assistant_sms_budget_events_total', 'Replies shortened or withheld by the monthly SMS budget', ['level', 'plan']),
  /** Time a send waited for its number's slot (rate limit), summed in seconds. */
  pacedSeconds: counter('assistant_sms_paced_seconds_total', 'Seconds outbound SMS waited for their number\'s rate limit', []),
};
