#!/usr/bin/env node
import { runProxyCli } from './cli';

runProxyCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`llmobserve proxy: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
