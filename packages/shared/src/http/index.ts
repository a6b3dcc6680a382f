export { backoffDelay, parseRetryAfter, sleep } from './backoff';
export { classifyNetworkError, describeCause, type NetworkCause } from './network-error';
export { type HttpRequestOptions, type HttpResponse, httpRequest, type RequestBody } from './request';
