import { readFile } from 'node:fs/promises';

/** A file or stdin that could not be read or parsed, with a message for the user. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

/** Reads and parses JSON from a file path, or from stdin when the path is `-`. */
export async function readJsonInput(path: string, stdin: () => Promise<string>): Promise<unknown> {
  const label = path === '-' ? 'standard input' : path;
  let text: string;
  try {
    text = path === '-' ? await stdin() : await readFile(path, 'utf8');
  } catch (error) {
    throw new InputFileError(`cannot read ${label}: ${describeFsError(error)}`);
  }
  if (text.trim() === '') throw new InputFileError(`${label} is empty: expected a JSON object`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputFileError(`${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Reads all of stdin as text. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
