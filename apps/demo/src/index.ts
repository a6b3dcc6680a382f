export { type DemoIo, runDemo } from './demo';
export { DEMO_FLAGS, type DemoOptions, demoHelp, demoOptions } from './flags';
