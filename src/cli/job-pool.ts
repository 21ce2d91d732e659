import { Tinypool } from 'tinypool';
import type { JobKind, JobKinds } from './jobs-worker.js';

/** A pool of worker threads for one kind of job. */
export interface JobPool<K extends JobKind> {
  /** Runs one task on the next free worker. */
  readonly run: (task: JobKinds[K]['task']) => Promise<JobKinds[K]['output']>;
}

/**
 * Opens up to `jobs` worker threads (tinypool) for one kind of job: one at first, another only
 * while every open one is busy (a one-line stream never opens a second). Gives each worker
 * `setup` once (the rules, the clock, the corpus: never sent again with a task), and closes them
 * when `use` settles, whether it resolves or rejects.
 */
export async function withJobPool<K extends JobKind, R>(
  kind: K,
  jobs: number,
  setup: JobKinds[K]['setup'],
  use: (pool: JobPool<K>) => Promise<R>,
): Promise<R> {
  const pool = new Tinypool({
    filename: new URL('./jobs-worker.js', import.meta.url).href,
    name: kind,
    minThreads: Math.min(1, jobs),
    maxThreads: jobs,
    workerData: { kind, setup },
  });
  try {
    return await use({ run: (task) => pool.run(task) as Promise<JobKinds[K]['output']> });
  } finally {
    await pool.destroy();
  }
}

/**
 * Every task's output, in task order, from at most `jobs` worker threads (no more than there
 * are tasks; none for no task).
 */
export async function mapOnJobs<K extends JobKind>(
  kind: K,
  jobs: number,
  setup: JobKinds[K]['setup'],
  tasks: readonly JobKinds[K]['task'][],
): Promise<JobKinds[K]['output'][]> {
  if (tasks.length === 0) return [];
  return withJobPool(kind, Math.min(jobs, tasks.length), setup, (pool) => Promise.all(tasks.map((task) => pool.run(task))));
}

/**
 * Runs a stream of tasks with at most `window` in flight and hands each output to `take` in
 * task order: memory stays bounded on any input size, and the order is the input's whatever
 * order the workers finish in.
 */
export async function streamInOrder<T, O>(
  tasks: AsyncIterable<T> | Iterable<T>,
  run: (task: T) => Promise<O>,
  window: number,
  take: (output: O) => Promise<void>,
): Promise<void> {
  const inFlight: Promise<O>[] = [];
  const drainOne = async (): Promise<void> => {
    const head = inFlight.shift();
    if (head !== undefined) await take(await head);
  };
  for await (const task of tasks) {
    const output = run(task);
    output.catch(() => undefined); // awaited in order by drainOne; this only keeps an early failure from being unhandled
    inFlight.push(output);
    if (inFlight.length >= window) await drainOne();
  }
  while (inFlight.length > 0) await drainOne();
}

/** `items` in consecutive chunks of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
