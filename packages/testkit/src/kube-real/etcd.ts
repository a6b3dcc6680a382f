/**
 * Compacts the test bed's etcd at its current revision through etcd's own JSON gateway (the v3 KV
 * API over HTTP on loopback), as the API server's periodic compaction would: reads and watches
 * that etcd must serve from an older revision then get 410 Gone. Returns the revision.
 */
export async function compactEtcd(etcdUrl: string): Promise<number> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`etcd ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as { header?: { revision?: string } };
  };
  // A range over one key only to learn the current revision from the response header.
  const range = await post('/v3/kv/range', { key: Buffer.from('/').toString('base64'), limit: 1 });
  const revision = Number(range.header?.revision);
  if (!Number.isFinite(revision) || revision <= 0) throw new Error('etcd did not tell its revision');
  await post('/v3/kv/compaction', { revision: String(revision), physical: true });
  return revision;
}
