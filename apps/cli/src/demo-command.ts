import { demoHelp } from '@gloriousflywheel/demo/flags';
import type { CliCommand } from './run-cli';

/**
 * `flywheel demo`: arc-apply on the testkit's simulated ARC fleet (apps/demo). The CLI bundle keeps
 * it in a chunk of its own, loaded only when `demo` runs, so `flywheel <action>` never parses the
 * simulator; the published package carries it, so `npx @gloriousflywheel/flywheel demo` works
 * anywhere Node 24 does, with no checkout.
 */
export const demoCommand: CliCommand = {
  title: 'Run the ARC apply pipeline on an embedded simulated fleet',
  help: demoHelp(),
  async run(args, flags, io) {
    const demo = await import('@gloriousflywheel/demo');
    return demo.runDemo(args, flags, io);
  },
};
