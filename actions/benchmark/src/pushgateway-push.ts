import {
  describeNonJson,
  FlywheelError,
  httpRequest,
  type OutboundService,
  outboundError,
  safeUrl,
} from '@gloriousflywheel/shared';

export interface PushOptions {
  /** Deadline of one attempt, connect to the last byte of the answer (default 15 s). */
  timeoutMs?: number;
  retries?: number;
  /** Told about each retry: which, and when. */
  onRetry?: (message: string) => void;
  /** Grouping labels after the job (`instance: 'scorecard'` → `/metrics/job/<job>/instance/scorecard`). */
  groupings?: Record<string, string>;
}

function pushgateway(url: string): OutboundService {
  return {
    name: 'the Pushgateway',
    url,
    codes: { unreachable: 'PUSHGATEWAY_UNREACHABLE', server: 'PUSH_FAILED', other: 'PUSH_FAILED' },
    hints: {
      unreachable: 'check `pushgateway-url` and that the gateway is reachable from the runner',
      other: 'check `pushgateway-url`: it is the Pushgateway’s base URL (e.g. http://pushgateway:9091)',
    },
  };
}

/**
 * Replaces a group on the Pushgateway with these metrics: `PUT /metrics/job/<job>{/<label>/<value>}`
 * in the text format, as the Pushgateway documents it (its README, "API"). Through httpRequest, so
 * it has a deadline and retries; prom-client's own push had neither, and a gateway that cut its
 * answer left an unsettled promise (exit 13, the minified bundle on stderr).
 */
export async function pushToGateway(
  metrics: { contentType: string; text: string },
  gatewayUrl: string,
  jobName: string,
  what: string,
  options: PushOptions = {},
): Promise<void> {
  const grouping = Object.entries(options.groupings ?? {})
    .map(([k, v]) => `/${encodeURIComponent(k)}/${encodeURIComponent(v)}`)
    .join('');
  const url = `${gatewayUrl.replace(/\/+$/, '')}/metrics/job/${encodeURIComponent(jobName)}${grouping}`;
  const service = pushgateway(gatewayUrl);
  let status: number;
  let answer: { type: string | null; body: Buffer };
  try {
    const res = await httpRequest(url, {
      method: 'PUT',
      headers: { 'content-type': metrics.contentType },
      body: metrics.text,
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 2,
      onRetry: (r) =>
        options.onRetry?.(
          `Pushgateway ${safeUrl(gatewayUrl)}: ${r.reason}; retry ${r.attempt} in ${Math.round(r.delayMs)} ms`,
        ),
    });
    status = res.status;
    answer = { type: res.headers.get('content-type'), body: res.body };
  } catch (error) {
    if (error instanceof FlywheelError && error.code === 'NETWORK_ERROR')
      throw outboundError(
        service,
        { kind: 'unreachable', cause: (error.details?.['cause'] as never) ?? 'other' },
        what,
        error,
      );
    throw error;
  }
  // 200 (older gateways) and 202 (since 1.0) both mean the group was replaced.
  if (status !== 200 && status !== 202) throw outboundError(service, { kind: 'status', status }, what);
  // The gateway answers a push with an empty body; a web page is a proxy or a login in front of
  // it (or a URL that is not the gateway), and the push did not land.
  const body = answer.body.length > 0 ? describeNonJson(answer.type, answer.body) : '';
  if (body === 'an HTML page')
    throw outboundError(service, { kind: 'bad-response', what: body, status }, what);
}
