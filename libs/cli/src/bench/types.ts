/** A benchmark measures something and returns numbers; the runner records them in docs/benchmarks.md. */
export interface BenchmarkResult {
  /** Rows of the result table: metric, value, target (if any), and whether the target is met. */
  rows: Array<{ metric: string; value: string; target?: string; met?: boolean }>;
  notes?: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  description: string;
  run(context: BenchmarkContext): Promise<BenchmarkResult>;
}

export interface BenchmarkContext {
  natsUrl: string;
  postgresUrl: string;
  log(message: string): void;
}
