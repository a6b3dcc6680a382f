export { backoffDelay, parseRetryAfter, sleep } from './backoff';
export { describeNonJson, isJsonType } from './body-kind';
export { type DeadlineFetchOptions, deadlineFetch } from './deadline-fetch';
export {
  causeHint,
  classifyNetworkError,
  describeCause,
  isFetchFailure,
  type NetworkCause,
  networkCauseOf,
} from './network-error';
export {
  faultKindOf,
  faultOfFlywheelError,
  flywheelErrorIn,
  type OutboundFault,
  type OutboundFaultKind,
  type OutboundService,
  outboundError,
  unreachableFaultOf,
} from './outbound-error';
export { type HttpRequestOptions, type HttpResponse, httpRequest, type RequestBody } from './request';
export { hostOf, safeUrl } from './safe-url';
