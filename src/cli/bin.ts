#!/usr/bin/env node
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { main } from './main.js';
import { readStdin } from './read-input.js';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

process.exitCode = await main(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: () => readStdin(),
    stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
    cores: availableParallelism(),
    write: async (text) => {
      if (!process.stdout.write(text)) await once(process.stdout, 'drain');
    },
  },
  version,
);
