/**
 * Credentials recognisable by their shape, redacted wherever text leaves the process even when no
 * one registered them as secrets: a URL's user info, query parameters that carry tokens,
 * Authorization-style headers and the secret fields of a kubeconfig.
 */

/** `scheme://user:password@host` and `scheme://token@host` → `scheme://***@host`. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"`<>]+@(?=[^\s/?#@]*[A-Za-z0-9\]])/gi;

/** Query parameter names that carry a credential (OAuth, GitLab, cloud signed URLs). */
const TOKEN_PARAMS =
  'access_token|refresh_token|id_token|private_token|job_token|token|api_key|apikey|api-key|client_secret|password|passwd|secret|sig|signature|x-amz-signature|x-amz-security-token|x-amz-credential|x-goog-signature|x-goog-credential';
const QUERY_TOKEN = new RegExp(`([?&;](?:${TOKEN_PARAMS})=)[^&#\\s'"\`<>]+`, 'gi');

/** `Authorization: Bearer …`, `PRIVATE-TOKEN: …` and the like, in header or JSON form. */
const AUTH_HEADER =
  /\b((?:proxy-)?authorization|private-token|job-token|x-api-key|x-auth-token)(["']?\s*[:=]\s*["']?)((?:bearer|basic|token|bot)\s+)?(?!\*\*\*)[A-Za-z0-9._~+/=:-]{8,}/gi;

/** A bearer or basic credential standing alone in a message. */
const SCHEME_CREDENTIAL = /\b(bearer|basic)\s+(?!\*\*\*)[A-Za-z0-9._~+/-]{8,}=*/gi;

const SECRET_FIELDS = 'token|client-key-data|id-token|refresh-token|access-token|password|client-secret';
/** The secret fields of a kubeconfig as YAML lines (`  token: …`), keys kept, values hidden. */
const YAML_SECRET_FIELD = new RegExp(
  `^(\\s*-?\\s*(?:${SECRET_FIELDS})\\s*:[ \\t]*)(?!\\*\\*\\*)\\S.*$`,
  'gim',
);
/** The same fields copied into JSON (`"token": "…"`). */
const JSON_SECRET_FIELD = new RegExp(`("(?:${SECRET_FIELDS})"\\s*:\\s*")(?!\\*\\*\\*")[^"]+"`, 'gi');

export function redactCredentialPatterns(text: string): string {
  if (!text) return text;
  return text
    .replace(URL_USERINFO, '$1***@')
    .replace(QUERY_TOKEN, '$1***')
    .replace(
      AUTH_HEADER,
      (_m, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ?? ''}***`,
    )
    .replace(SCHEME_CREDENTIAL, '$1 ***')
    .replace(YAML_SECRET_FIELD, '$1***')
    .replace(JSON_SECRET_FIELD, '$1***"');
}
