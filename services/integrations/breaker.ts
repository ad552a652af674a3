import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { ProviderName } from '../../schemas/config';

/** An error worth counting against a provider's health: 5xx, 429, timeouts, network errors (not 4xx answers). */
export function isOutage(err: unknown): boolean {
  const e = err as { status?: unknown; code?: unknown; response?: { status?: unknown }; name?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.response?.status === 'number' ? e.response.status : typeof e.code === 'number' ? e.code : null;
  if (status !== null) return status >= 500 || status === 429;
  return e.name !== 'NeedsReconnectError' && e.name !== 'ConsentRevokedError';
}

/**
 * One breaker per provider and worker process: after 5 consecutive outage errors the provider
 * is not called for 30 s (calls fail fast with BrokenCircuitError), then one trial call decides.
 */
export function createBreakers(opts: { halfOpenAfterMs?: number; threshold?: number } = {}) {
  const breakers = new Map<ProviderName, CircuitBreakerPolicy>();
  function breaker(provider: ProviderName): CircuitBreakerPolicy {
    let b = breakers.get(provider);
    if (!b) {
      b = circuitBreaker(handleWhen(isOutage), { halfOpenAfter: opts.halfOpenAfterMs ?? 30_000, breaker: new ConsecutiveBreaker(opts.threshold ?? 5) });
      breakers.set(provider, b);
    }
    return b;
  }
  return {
    breaker,
    run<T>(provider: ProviderName, fn: () => Promise<T>): Promise<T> {
      return breaker(provider).execute(fn);
    },
    /** The provider failed 5 times in a row and is not being called (until a trial call after 30 s). */
    isOpen(provider: ProviderName): boolean {
      return breakers.get(provider)?.state === CircuitState.Open;
    },
  };
}

export type Breakers = ReturnType<typeof createBreakers>;
export { BrokenCircuitError };
