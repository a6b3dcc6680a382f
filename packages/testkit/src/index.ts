export * from './harness/index';
export {
  FakeHttpServer,
  type Handler,
  type RecordedRequest,
  readBody,
  readJson,
  sendJson,
  sendText,
} from './http/fake-server';
export { type Fault, FaultInjector } from './http/faults';
export { referenceDir, referenceMissingReason, referencePath, repoRoot } from './reference';
export { filesWithContent, type ProcessEnd, runToEnd } from './run-to-end';
export { removeScratchDir, scratchDir, tempDirs } from './temp-dirs';
