export { parseArgs } from './args';
export { actionHelp, CLI_FLAGS, generalHelp } from './help';
export { type CliIo, type CliOptions, runCli } from './run-cli';
