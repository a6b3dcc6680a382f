import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAtticServer } from '../../src/attic';
import {
  fakeStorePath,
  fingerprint,
  narHashBase32,
  narOfFile,
  storePathHash,
  verifySignature,
} from '../../src/nix';

let attic: FakeAtticServer;
let writeToken: string;
let readToken: string;

beforeEach(async () => {
  attic = new FakeAtticServer();
  await attic.start();
  attic.createCache('team');
  attic.createCache('open', { isPublic: true });
  writeToken = attic.issueToken({ caches: { team: { r: 1, w: 1 } } });
  readToken = attic.issueToken({ caches: { team: { r: 1 } } });
});

afterEach(async () => {
  await attic.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (token: string) => ({
  authorization: `Basic ${Buffer.from(`ignored:${token}`).toString('base64')}`,
});

function uploadInfo(storePath: string, nar: Buffer, extra: Record<string, unknown> = {}) {
  return {
    cache: 'team',
    store_path_hash: storePathHash(storePath),
    store_path: storePath,
    references: [],
    system: 'x86_64-linux',
    deriver: null,
    sigs: [],
    ca: null,
    nar_hash: `sha256:${createHash('sha256').update(nar).digest('hex')}`,
    nar_size: nar.length,
    ...extra,
  };
}

describe('fake Attic: binary cache routes', () => {
  it('serves nix-cache-info to anyone for a public cache and marks it public', async () => {
    const res = await fetch(`${attic.url}/open/nix-cache-info`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-nix-cache-info');
    expect(res.headers.get('x-attic-cache-visibility')).toBe('public');
    expect(await res.text()).toBe('WantMassQuery: 1\nStoreDir: /nix/store\nPriority: 41\n');
  });

  it('refuses a private cache without a token with an Attic error body', async () => {
    const res = await fetch(`${attic.url}/team/nix-cache-info`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 401, error: 'Unauthorized', message: 'Unauthorized.' });
  });

  it('accepts the token as Bearer and as the Basic password (the netrc form)', async () => {
    expect((await fetch(`${attic.url}/team/nix-cache-info`, { headers: bearer(readToken) })).status).toBe(
      200,
    );
    expect((await fetch(`${attic.url}/team/nix-cache-info`, { headers: basic(readToken) })).status).toBe(200);
  });

  it('hides an unknown cache as 401 without discovery rights and says 404 NoSuchCache with them', async () => {
    const hidden = await fetch(`${attic.url}/_api/v1/cache-config/nope`, { headers: bearer(readToken) });
    expect(hidden.status).toBe(401);
    const everything = attic.issueToken({ caches: { '*': { r: 1 } } });
    const shown = await fetch(`${attic.url}/_api/v1/cache-config/nope`, { headers: bearer(everything) });
    expect(shown.status).toBe(404);
    expect(((await shown.json()) as { error: string }).error).toBe('NoSuchCache');
  });

  it('refuses an expired token and a token signed by someone else', async () => {
    const expired = attic.issueToken({ caches: { team: { r: 1 } }, expiresAt: new Date(Date.now() - 1000) });
    expect((await fetch(`${attic.url}/team/nix-cache-info`, { headers: bearer(expired) })).status).toBe(401);
    const other = new FakeAtticServer().issueToken({ caches: { team: { r: 1 } } });
    expect((await fetch(`${attic.url}/team/nix-cache-info`, { headers: bearer(other) })).status).toBe(401);
  });

  it('returns the cache config with the public key and substituter endpoint', async () => {
    const res = await fetch(`${attic.url}/_api/v1/cache-config/team`, { headers: bearer(readToken) });
    const config = (await res.json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      substituter_endpoint: `${attic.url}/team`,
      api_endpoint: `${attic.url}/`,
      public_key: attic.caches.get('team')!.key.publicKey,
      is_public: false,
      store_dir: '/nix/store',
      priority: 41,
      retention_period: 'Global',
    });
    expect(String(config['public_key'])).toMatch(/^team:[A-Za-z0-9+/]{43}=$/);
  });
});

describe('fake Attic: push API', () => {
  it('needs push rights for get-missing-paths and answers bare hashes', async () => {
    const seeded = attic.seed('team', { storePath: fakeStorePath('seeded'), nar: narOfFile('a') });
    const absent = storePathHash(fakeStorePath('absent'));
    const body = JSON.stringify({ cache: 'team', store_path_hashes: [seeded.storePathHash, absent] });
    const forbidden = await fetch(`${attic.url}/_api/v1/get-missing-paths`, {
      method: 'POST',
      headers: { ...bearer(readToken), 'content-type': 'application/json' },
      body,
    });
    expect(forbidden.status).toBe(403);
    const ok = await fetch(`${attic.url}/_api/v1/get-missing-paths`, {
      method: 'POST',
      headers: { ...bearer(writeToken), 'content-type': 'application/json' },
      body,
    });
    expect(await ok.json()).toEqual({ missing_paths: [absent] });
  });

  it('takes metadata in the X-Attic-Nar-Info header and serves a narinfo signed in Nix format', async () => {
    const dep = fakeStorePath('dep');
    const path = fakeStorePath('hello');
    const nar = narOfFile('hello world\n');
    const res = await fetch(`${attic.url}/_api/v1/upload-path`, {
      method: 'PUT',
      headers: {
        ...bearer(writeToken),
        'x-attic-nar-info': JSON.stringify(uploadInfo(path, nar, { references: [dep] })),
      },
      body: new Uint8Array(nar),
    });
    expect(await res.json()).toEqual({ kind: 'Uploaded', file_size: nar.length, frac_deduplicated: 0 });
    expect(attic.uploads[0]).toMatchObject({ metadata: 'header', storePath: path, references: [dep] });

    const narinfo = await (
      await fetch(`${attic.url}/team/${storePathHash(path)}.narinfo`, { headers: bearer(readToken) })
    ).text();
    const fields = Object.fromEntries(
      narinfo
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
    expect(fields['StorePath']).toBe(path);
    expect(fields['NarHash']).toBe(narHashBase32(nar));
    expect(fields['References']).toBe(dep.slice('/nix/store/'.length));
    expect(fields['URL']).toBe(`nar/${storePathHash(path)}.nar`);
    const key = attic.caches.get('team')!.key.publicKey;
    expect(
      verifySignature(key, fields['Sig']!, fingerprint(path, narHashBase32(nar), nar.length, [dep])),
    ).toBe(true);
    expect(verifySignature(key, fields['Sig']!, fingerprint(path, narHashBase32(nar), nar.length, []))).toBe(
      false,
    );

    const head = await fetch(`${attic.url}/team/${storePathHash(path)}.narinfo`, {
      method: 'HEAD',
      headers: bearer(readToken),
    });
    expect(head.status).toBe(200);
    const download = await fetch(`${attic.url}/team/${fields['URL']}`, { headers: bearer(readToken) });
    expect(Buffer.from(await download.arrayBuffer()).equals(nar)).toBe(true);
  });

  it('takes metadata as a JSON preamble sized by X-Attic-Nar-Info-Preamble-Size', async () => {
    const path = fakeStorePath('big-info');
    const nar = narOfFile('x'.repeat(100));
    const refs = Array.from({ length: 80 }, (_, i) => fakeStorePath(`ref-${i}`));
    const preamble = Buffer.from(JSON.stringify(uploadInfo(path, nar, { references: refs })));
    expect(preamble.length).toBeGreaterThan(4096);
    const res = await fetch(`${attic.url}/_api/v1/upload-path`, {
      method: 'PUT',
      headers: { ...basic(writeToken), 'x-attic-nar-info-preamble-size': String(preamble.length) },
      body: new Uint8Array(Buffer.concat([preamble, nar])),
    });
    expect(res.status).toBe(200);
    expect(attic.uploads[0]).toMatchObject({ metadata: 'preamble', narSize: nar.length });
    expect(attic.object('team', path)!.references).toHaveLength(80);
  });

  it('refuses an SRI nar_hash, a wrong hash and a missing sigs field with 400', async () => {
    const path = fakeStorePath('bad');
    const nar = narOfFile('bad');
    const sri = `sha256-${createHash('sha256').update(nar).digest('base64')}`;
    const wrong = `sha256:${'0'.repeat(64)}`;
    const noSigs = uploadInfo(path, nar) as Record<string, unknown>;
    delete noSigs['sigs'];
    for (const info of [
      uploadInfo(path, nar, { nar_hash: sri }),
      uploadInfo(path, nar, { nar_hash: wrong }),
      noSigs,
    ]) {
      const res = await fetch(`${attic.url}/_api/v1/upload-path`, {
        method: 'PUT',
        headers: { ...bearer(writeToken), 'x-attic-nar-info': JSON.stringify(info) },
        body: new Uint8Array(nar),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('RequestError');
    }
    expect(attic.has('team', path)).toBe(false);
  });

  it('answers 413 above the body limit and deduplicates a NAR it already holds', async () => {
    attic.maxBodyBytes = 200;
    const big = narOfFile('y'.repeat(500));
    const res = await fetch(`${attic.url}/_api/v1/upload-path`, {
      method: 'PUT',
      headers: {
        ...bearer(writeToken),
        'x-attic-nar-info': JSON.stringify(uploadInfo(fakeStorePath('big'), big)),
      },
      body: new Uint8Array(big),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('200 bytes');

    const nar = narOfFile('same');
    attic.seed('open', { storePath: fakeStorePath('first'), nar });
    const dup = await fetch(`${attic.url}/_api/v1/upload-path`, {
      method: 'PUT',
      headers: {
        ...bearer(writeToken),
        'x-attic-nar-info': JSON.stringify(uploadInfo(fakeStorePath('second'), nar)),
      },
      body: new Uint8Array(nar),
    });
    expect(((await dup.json()) as { kind: string }).kind).toBe('Deduplicated');
  });

  it('applies injected faults and logs every request', async () => {
    attic.inject({ path: '/team/nix-cache-info', status: 503, times: 1 });
    expect((await fetch(`${attic.url}/team/nix-cache-info`, { headers: bearer(readToken) })).status).toBe(
      503,
    );
    expect((await fetch(`${attic.url}/team/nix-cache-info`, { headers: bearer(readToken) })).status).toBe(
      200,
    );
    expect(attic.requests('GET', '/team/nix-cache-info').map((r) => r.status)).toEqual([503, 200]);
  });
});
