#!/usr/bin/env node
import { action as arcApply } from '@gloriousflywheel/arc-apply';
import { allActions } from './actions';
import { makeDemoCommand } from './demo';
import { runCli } from './run-cli';
import { CLI_VERSION } from './version';

const code = await runCli(
  process.argv.slice(2),
  { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env },
  { actions: allActions, version: CLI_VERSION, commands: { demo: makeDemoCommand(arcApply) } },
);
process.exitCode = code;
