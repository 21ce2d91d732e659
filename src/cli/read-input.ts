import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** A file or stdin that could not be read or parsed, with a message for the user. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

/** The text without a leading UTF-8 byte order mark (as some editors write), which JSON.parse refuses. */
export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Parses JSON text (a leading byte order mark is allowed), naming the file when it is not JSON. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(withoutBom(text)) as unknown;
  } catch (error) {
    throw new InputFileError(`${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Opens a path for reading, refusing anything but a regular file (a FIFO, a device, a socket),
 * which could be waited on for ever. Opened without blocking and checked on the open descriptor:
 * a FIFO swapped in after a check of the path is refused, not waited on.
 */
export async function openRegularFile(path: string, label = path): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputFileError(`cannot read ${label}: ${describeFsError(error)}`);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new InputFileError(`cannot read ${label}: it is a directory, not a file`);
    if (!stats.isFile())
      throw new InputFileError(
        `cannot read ${label}: it is not a regular file (a pipe, device or socket); give a file, or - for standard input`,
      );
    return handle;
  } catch (error) {
    await handle.close();
    throw error instanceof InputFileError ? error : new InputFileError(`cannot read ${label}: ${describeFsError(error)}`);
  }
}

/** Reads a whole regular file as UTF-8 text, with a readable message (never a raw ENOENT) when it cannot. */
export async function readTextFile(path: string, label = path): Promise<string> {
  const handle = await openRegularFile(path, label);
  try {
    return await handle.readFile('utf8');
  } catch (error) {
    throw new InputFileError(`cannot read ${label}: ${describeFsError(error)}`);
  } finally {
    await handle.close();
  }
}

/** Reads and parses JSON from a file path, or from stdin when the path is `-`. */
export async function readJsonInput(path: string, stdin: () => Promise<string>): Promise<unknown> {
  const label = path === '-' ? 'standard input' : path;
  let text: string;
  if (path === '-') {
    try {
      text = await stdin();
    } catch (error) {
      throw new InputFileError(`cannot read ${label}: ${describeFsError(error)}`);
    }
  } else text = await readTextFile(path, label);
  if (withoutBom(text).trim() === '') throw new InputFileError(`${label} is empty: expected a JSON object`);
  return parseJsonText(text, label);
}

/** A file-system error in words, without its code and syscall (`ENOENT: no such file or directory, open ...`). */
export function describeFsError(error: unknown, expected: 'file' | 'directory' | 'file or directory' = 'file'): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return `no such ${expected}`;
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'ENOTDIR') return expected === 'directory' ? 'it is a file, not a directory' : 'a part of the path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return typeof code === 'string' ? `it could not be read (${code})` : 'it could not be read';
}

/** Reads all of stdin as text. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
