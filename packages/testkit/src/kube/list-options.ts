import { type Cause, failure, statusErrors } from './status';

const forbidden = (field: string, why: string): Cause => ({
  field,
  reason: 'FieldValueForbidden',
  message: `Forbidden: ${why}`,
});

const unsupported = (field: string, value: string, allowed: string[]): Cause => ({
  field,
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: "${value}": supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
});

/**
 * The API server's checks of a list's or a watch's query (apimachinery's ValidateListOptions), with
 * its 422 wording: `resourceVersionMatch` needs a `resourceVersion` (and not `Exact` at "0"), a
 * watch may carry it only with `sendInitialEvents`, which in turn requires `NotOlderThan`, and a
 * plain list may not ask for initial events.
 */
export function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const match = q.get('resourceVersionMatch') ?? '';
  const rv = q.get('resourceVersion') ?? '';
  const sendInitialEvents = q.get('sendInitialEvents');
  const causes: Cause[] = [];
  if (watch) {
    if (sendInitialEvents !== null) {
      if (match !== 'NotOlderThan') {
        causes.push(
          forbidden(
            'resourceVersionMatch',
            'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
          ),
        );
        if (match) causes.push(unsupported('resourceVersionMatch', match, ['NotOlderThan']));
      }
    } else if (match) {
      causes.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    }
  } else {
    if (sendInitialEvents !== null) {
      causes.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
    }
    if (match && !['Exact', 'NotOlderThan'].includes(match)) {
      causes.push(unsupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    } else if (match && !rv) {
      causes.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    } else if (match === 'Exact' && rv === '0') {
      causes.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
  }
  if (causes.length > 0) throw statusErrors.invalidListOptions(causes);
}

/** A resourceVersion query parameter as a number (400 as the API server words it for anything else). */
export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) {
    throw statusErrors.badRequest(
      `invalid resource version: resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`,
    );
  }
  return Number(rv);
}

/**
 * A resourceVersion newer than the store has seen: the API server waits up to 3 s for it to
 * arrive, then answers 504 (the fake answers at once: nothing will arrive while it waits).
 */
export function tooLargeResourceVersion(rv: number, current: number) {
  return failure(504, 'Timeout', `Timeout: Too large resource version: ${rv}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}
