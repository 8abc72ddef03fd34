/** At most `limit` hits per key within `windowMs`. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

/**
 * A sliding-window counter per key (an IP address, say), kept in this process's memory.
 * Pass `now` in so that tests need no clock. Keys idle for a whole window are forgotten, so
 * memory stays bounded by the keys seen within one window.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();
  constructor(readonly rule: RateLimitRule) {}

  /** Records one hit for `key` at `now` if it is allowed, and says whether it was. */
  hit(key: string, now: number): RateLimitResult {
    const since = now - this.rule.windowMs;
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.rule.limit) {
      this.#hits.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0]! + this.rule.windowMs - now };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > 10_000) this.#sweep(since);
    return { allowed: true, remaining: this.rule.limit - recent.length };
  }

  #sweep(since: number) {
    for (const [key, times] of this.#hits) if (times.every((t) => t <= since)) this.#hits.delete(key);
  }
}
