export {
  FakeHttpServer,
  type Handler,
  type RecordedRequest,
  readBody,
  readJson,
  sendJson,
  sendText,
} from './fake-server';
export { type Fault, FaultInjector } from './faults';
export {
  LOOPBACK_FAULTS,
  type LoopbackFault,
  type LoopbackFaultServer,
  startLoopbackFault,
} from './loopback-faults';
