/**
 * Finding 1 (issue 11): `https://user:secretpw@attic.example.com` was echoed three times, in the
 * annotation, the summary and result.json. Credentials are now hidden by their shape wherever text
 * leaves the process, whether or not anyone registered them as secrets.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { redactCredentialPatterns } from '../src/platform/credential-patterns';
import { forgetSecrets, redact, registerSecret } from '../src/platform/secrets';

afterEach(() => forgetSecrets());

describe('credentials recognised by their shape', () => {
  it.each([
    ['given `https://user:secretpw@attic.example.com`', 'given `https://***@attic.example.com`'],
    ['push to http://tok3n-abc@127.0.0.1:9091/metrics', 'push to http://***@127.0.0.1:9091/metrics'],
    [
      'GET https://h.example/api?private_token=glpat-abcdef&x=1',
      'GET https://h.example/api?private_token=***&x=1',
    ],
    ['https://s3.example/o?X-Amz-Signature=abc123def&b=2', 'https://s3.example/o?X-Amz-Signature=***&b=2'],
    ['Authorization: Bearer ghp_abcdefghijklmnop', 'Authorization: Bearer ***'],
    ['{"authorization":"token ghp_abcdefghijklmnop"}', '{"authorization":"token ***"}'],
    ['PRIVATE-TOKEN: glpat-0123456789abcdef', 'PRIVATE-TOKEN: ***'],
    ['the header said bearer eyJhbGciOiJIUzI1NiJ9.payload', 'the header said bearer ***'],
    [
      'users:\n- name: u\n  user:\n    token: kc-secret-value\n',
      'users:\n- name: u\n  user:\n    token: ***\n',
    ],
    ['    client-key-data: LS0tLS1CRUdJTi==', '    client-key-data: ***'],
    ['{"token": "kc-secret-value", "server": "https://k"}', '{"token": "***", "server": "https://k"}'],
  ])('%s', (text, redacted) => {
    expect(redactCredentialPatterns(text)).toBe(redacted);
  });

  it('leaves what carries no credential alone', () => {
    for (const text of [
      'https://attic.example.com/main',
      'an email like ops@example.com is no URL',
      'the token input is empty',
      'tokens: 3 of 5 used',
      'git@github.com:owner/repo.git',
    ])
      expect(redactCredentialPatterns(text)).toBe(text);
  });

  it('hides any user info a URL can carry, wherever it stands in a message', () => {
    const unreserved = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~',
    );
    fc.assert(
      fc.property(
        fc.array(unreserved, { minLength: 1, maxLength: 20 }).map((c) => c.join('')),
        fc.array(unreserved, { minLength: 6, maxLength: 40 }).map((c) => `Pw${c.join('')}`),
        fc.constantFrom('https', 'http', 'oci', 'grpcs'),
        fc.constantFrom('`', "'", '"', ' ', '(', '\n'),
        (user, password, scheme, quote) => {
          const text = `failed: given ${quote}${scheme}://${user}:${password}@cache.example.test:8443/x${quote} (see log)`;
          const out = redactCredentialPatterns(text);
          expect(out).not.toContain(password);
          expect(out).toContain(`${scheme}://***@cache.example.test:8443/x`);
        },
      ),
    );
  });
});

describe('redact', () => {
  it('hides registered secrets and shaped credentials together', () => {
    registerSecret('s3cr3t-value-42');
    expect(redact('token s3cr3t-value-42 at https://a:b1234567@h.example')).toBe(
      'token *** at https://***@h.example',
    );
  });

  it('hides a registered secret made of regex metacharacters', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 30 }).filter((s) => s.trim() === s && !/\s/.test(s)),
        (s) => {
          forgetSecrets();
          registerSecret(s);
          expect(redact(`before ${s} after`)).not.toContain(s);
        },
      ),
    );
  });
});
