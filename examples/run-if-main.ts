import { pathToFileURL } from 'node:url';

/** Runs an example's `main` when the file is executed directly (`npx tsx examples/<name>.ts`). */
export async function runIfMain(url: string, main: () => Promise<unknown>): Promise<void> {
  if (process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(await main(), null, 2));
}
