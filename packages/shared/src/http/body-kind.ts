/** What a body that should have been JSON turned out to be, in words for an error message. */
export function describeNonJson(contentType: string | null, body: Uint8Array | string): string {
  const text = (typeof body === 'string' ? body : Buffer.from(body).toString('utf8')).trimStart();
  if (text === '') return 'an empty body';
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || /^<(!doctype html|html|head|body)\b/i.test(text)) return 'an HTML page';
  if (/^[[{]/.test(text)) return 'JSON that is cut off or malformed';
  return `${type ? `${type} ` : ''}text that is not JSON`;
}

/** Whether a content type is JSON (`application/json`, `application/vnd.github+json`, …). */
export function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]*\+json$/.test(type);
}

/** Parses JSON, or returns undefined: the caller says what came instead. */
export function tryParseJson(body: Uint8Array | string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) };
  } catch {
    return undefined;
  }
}
