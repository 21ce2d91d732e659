import { main, type CliIo } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the CLI in-process with captured output. `stdin` is the whole standard input; `lines`,
 * when given, is standard input offered line by line (as a terminal or pipe would stream it).
 */
export async function runCli(
  argv: readonly string[],
  { stdin = '', lines, version = '0.0.0' }: { stdin?: string; lines?: readonly string[]; version?: string } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    stdin: () => Promise.resolve(stdin),
    ...(lines === undefined
      ? {}
      : {
          stdinLines: async function* (): AsyncGenerator<string> {
            await Promise.resolve();
            yield* lines;
          },
        }),
  };
  const code = await main([...argv], io, version);
  return { code, out, err };
}
