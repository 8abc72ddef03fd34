export { median, quantile, seededRandom } from "../shared/stats.ts";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client-side token bucket, to keep a sender inside Nuri's per-connection message limit
 * (60 a second, burst 300) with a margin. Every server gets the same pacing.
 */
export class Pacer {
  #tokens: number;
  #last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.#tokens = burst;
  }

  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.rate);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await sleep(((1 - this.#tokens) / this.rate) * 1000);
    }
  }
}
