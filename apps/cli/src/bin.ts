import { allActions } from './actions';
import { demoCommand } from './demo-command';
import { runCli } from './run-cli';
import { CLI_VERSION } from './version';

// Started by bin/flywheel.cjs once it has checked the Node version.
const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  },
  { actions: allActions, version: CLI_VERSION, commands: { demo: demoCommand } },
);
process.exitCode = code;
