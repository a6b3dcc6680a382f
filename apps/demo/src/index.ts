export { type DemoIo, runDemo } from './demo';
