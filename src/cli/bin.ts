#!/usr/bin/env node
import { createRequire } from 'node:module';
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
  },
  version,
);
