import { quantile } from "../shared/stats.ts";

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  /** The median number of matching documents the person may read (or, for "text only", all). */
  medianTotal: number;
}

export function summarise(times: readonly number[], totals: readonly number[]): Summary {
  const t = [...times].sort((a, b) => a - b);
  const n = [...totals].sort((a, b) => a - b);
  return {
    count: t.length,
    p50: quantile(t, 0.5),
    p95: quantile(t, 0.95),
    p99: quantile(t, 0.99),
    medianTotal: quantile(n, 0.5),
  };
}
