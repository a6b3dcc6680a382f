import { FlywheelError } from '../errors';
import { httpRequest } from '../http/index';
import { safeUrl } from '../http/safe-url';

export interface PrometheusAuth {
  /** `Authorization: Bearer …` (a service account token, a Grafana Cloud key). */
  token?: string;
  /** HTTP basic auth, as a reverse proxy in front of Prometheus asks. */
  username?: string;
  password?: string;
}

/** One series of an instant or range query: its labels and its (time in s, value) points. */
export interface PromSeries {
  labels: Record<string, string>;
  points: [number, number][];
}

interface ApiAnswer {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
  };
}

/**
 * Prometheus' HTTP query API (`/api/v1/query`, `/api/v1/query_range`, both as form POSTs, which
 * Prometheus accepts so long queries need no URL). The API is two endpoints with one JSON shape:
 * a client library would add a dependency (and an HTTP stack) for less than this file.
 */
export class PrometheusClient {
  requests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: PrometheusAuth = {},
    private readonly timeoutMs = 30_000,
  ) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.auth.token) h['authorization'] = `Bearer ${this.auth.token}`;
    else if (this.auth.username !== undefined) {
      const pair = `${this.auth.username}:${this.auth.password ?? ''}`;
      h['authorization'] = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    return h;
  }

  private async call(path: string, form: Record<string, string>): Promise<PromSeries[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    this.requests += 1;
    const res = await httpRequest(url, {
      method: 'POST',
      headers: this.headers(),
      body: new URLSearchParams(form).toString(),
      timeoutMs: this.timeoutMs,
      retries: 2,
    });
    if (res.status === 401 || res.status === 403) {
      throw new FlywheelError(
        'HTTP_ERROR',
        `Prometheus at ${safeUrl(this.baseUrl)} refused the query (${res.status})`,
        {
          hint: 'set `prometheus-token` (bearer) or `prometheus-username`/`prometheus-password` (basic)',
        },
      );
    }
    let body: ApiAnswer;
    try {
      body = res.json<ApiAnswer>();
    } catch {
      throw new FlywheelError(
        'QUERY_FAILED',
        `Prometheus at ${safeUrl(this.baseUrl)} answered ${res.status} without JSON`,
        {
          hint: 'check that `prometheus-url` is the server root (the API lives under /api/v1)',
        },
      );
    }
    if (body.status !== 'success' || !body.data) {
      throw new FlywheelError(
        'QUERY_FAILED',
        `the query \`${form['query']}\` failed: ${body.errorType ?? res.status}: ${body.error ?? 'no detail'}`,
        { hint: 'check the PromQL in the input that gave it, and that the metric is scraped' },
      );
    }
    return body.data.result.map((r) => ({
      labels: r.metric,
      points: (r.values ?? (r.value ? [r.value] : [])).map(
        ([t, v]) => [Number(t), Number(v)] as [number, number],
      ),
    }));
  }

  /** An instant query at `time` (default now). */
  instant(query: string, time?: Date): Promise<PromSeries[]> {
    return this.call('/api/v1/query', { query, ...(time ? { time: String(time.getTime() / 1000) } : {}) });
  }

  /** A range query from `start` to `end` every `stepSeconds`. */
  range(query: string, start: Date, end: Date, stepSeconds: number): Promise<PromSeries[]> {
    return this.call('/api/v1/query_range', {
      query,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    });
  }
}
