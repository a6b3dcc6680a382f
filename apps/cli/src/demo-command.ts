import type { CliIo } from './run-cli';

/**
 * `flywheel demo` lives in its own application (apps/demo: arc-apply on the testkit's simulated ARC
 * fleet), loaded only when asked for. The CLI's bundle leaves it out, so the published CLI carries
 * no simulator; in a source checkout Node finds the built demo as a workspace package.
 */
export async function demoCommand(args: string[], flags: Record<string, string>, io: CliIo): Promise<number> {
  let demo: typeof import('@gloriousflywheel/demo');
  try {
    demo = await import('@gloriousflywheel/demo');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    io.stderr(
      'flywheel demo runs from a source checkout (it needs the testkit simulator): run `npm ci && npm run demo` there.\n',
    );
    return 2;
  }
  return demo.runDemo(args, flags, io);
}
