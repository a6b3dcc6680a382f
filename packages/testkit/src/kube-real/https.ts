import { request } from 'node:https';

export interface HttpsAnswer {
  status: number;
  body: string;
}

/** One HTTPS request to the test bed, verifying its certificate against `ca` (never switched off). */
export function httpsRequest(
  url: string,
  o: { ca: string; token: string; method?: string; body?: string; contentType?: string },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: o.method ?? 'GET',
        ca: o.ca,
        headers: {
          authorization: `Bearer ${o.token}`,
          accept: 'application/json',
          ...(o.body !== undefined ? { 'content-type': o.contentType ?? 'application/json' } : {}),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
    req.on('error', reject);
    req.end(o.body);
  });
}
