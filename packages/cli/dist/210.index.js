export const id = 210;
export const ids = [210];
export const modules = {

/***/ 13210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Dg: () => (/* reexport */ AtticClient),
  xk: () => (/* reexport */ NixStore),
  iu: () => (/* reexport */ bazelAuthHeader),
  Kz: () => (/* reexport */ newStorePaths),
  u3: () => (/* reexport */ probeAtticCache),
  jf: () => (/* reexport */ probeBazelRemote),
  N9: () => (/* reexport */ pushPaths),
  IO: () => (/* reexport */ snapshotStore)
});

// UNUSED EXPORTS: EMPTY_BLOB_SHA256, PREAMBLE_THRESHOLD, atticMessage, causeFromStatus, displayUrl, hashPart, joinUrl, parsePathInfoJson, toAtticNarHash

// EXTERNAL MODULE: ./packages/shared/src/errors.ts
var errors = __webpack_require__(79680);
// EXTERNAL MODULE: ./packages/shared/src/http/request.ts + 1 modules
var request = __webpack_require__(93832);
;// CONCATENATED MODULE: ./packages/shared/src/cache/probe-result.ts

function causeFromStatus(status) {
    if (status === 401)
        return 'unauthorized';
    if (status === 403)
        return 'forbidden';
    if (status === 404)
        return 'not-found';
    return `http-${status}`;
}
/** Turns what httpRequest throws into a probe failure; anything unexpected is rethrown. */
function failureFromError(error, what) {
    if (error instanceof errors/* FlywheelError */.Lt && error.code === 'NETWORK_ERROR') {
        const cause = error.details?.['cause'] ?? 'other';
        return { cause, message: `${what}: ${error.message}` };
    }
    throw error;
}

;// CONCATENATED MODULE: ./packages/shared/src/cache/attic-probe.ts


/** `base` + `path` where base may or may not end in a slash. */
function joinUrl(base, path) {
    const text = String(base);
    return `${text.endsWith('/') ? text : `${text}/`}${path.replace(/^\//, '')}`;
}
function authHeaders(token) {
    return token ? { authorization: `Bearer ${token}` } : {};
}
/**
 * The preflight: `GET /<cache>/nix-cache-info` (is the binary cache there and readable?) and then
 * the cache config (the public key and substituter endpoint, which also proves the token works).
 */
async function probeAtticCache(options) {
    const started = performance.now();
    const common = {
        headers: { ...authHeaders(options.token), 'user-agent': 'gloriousflywheel-attic-setup' },
        timeoutMs: options.timeoutMs ?? 4000,
        retries: options.retries ?? 1,
        baseDelayMs: 100,
        signal: options.signal,
    };
    let requests = 0;
    const fail = (stage, failure) => ({
        available: false,
        stage,
        durationMs: performance.now() - started,
        requests,
        ...failure,
    });
    const infoUrl = joinUrl(options.endpoint, `${encodeURIComponent(options.cache)}/nix-cache-info`);
    try {
        const info = await (0,request/* httpRequest */.a)(infoUrl, common);
        requests += info.attempts;
        if (info.status !== 200)
            return fail('nix-cache-info', describeStatus(info.status, options, info.text()));
        if (!/StoreDir:/.test(info.text())) {
            return fail('nix-cache-info', {
                cause: 'invalid-response',
                message: `${infoUrl} answered 200 but is not a Nix binary cache (no StoreDir line)`,
            });
        }
    }
    catch (error) {
        requests += 1;
        return fail('nix-cache-info', failureFromError(error, `cannot reach the Attic server at ${String(options.endpoint)}`));
    }
    const configUrl = joinUrl(options.endpoint, `_api/v1/cache-config/${encodeURIComponent(options.cache)}`);
    try {
        const res = await (0,request/* httpRequest */.a)(configUrl, common);
        requests += res.attempts;
        if (res.status !== 200)
            return fail('cache-config', describeStatus(res.status, options, res.text()));
        let config;
        try {
            config = res.json();
        }
        catch {
            return fail('cache-config', { cause: 'invalid-response', message: `${configUrl} did not answer JSON` });
        }
        if (typeof config.public_key !== 'string' || typeof config.substituter_endpoint !== 'string') {
            return fail('cache-config', {
                cause: 'invalid-response',
                message: 'the cache config has no public_key or substituter_endpoint',
            });
        }
        return {
            available: true,
            config,
            public: config.is_public === true || res.headers.get('x-attic-cache-visibility') === 'public',
            durationMs: performance.now() - started,
            requests,
        };
    }
    catch (error) {
        requests += 1;
        return fail('cache-config', failureFromError(error, `cannot reach the Attic server at ${String(options.endpoint)}`));
    }
}
function describeStatus(status, options, body) {
    const cause = causeFromStatus(status);
    const name = `cache "${options.cache}"`;
    let message;
    if (status === 401) {
        message = options.token
            ? `401 Unauthorized for ${name}: the token is invalid or expired, or the cache does not exist (Attic hides caches a token has no rights on)`
            : `401 Unauthorized for ${name}: it is not public and no token was given, or it does not exist`;
    }
    else if (status === 403) {
        message = `403 Forbidden for ${name}: the token has no pull permission on it`;
    }
    else if (status === 404) {
        message = `404 for ${name}: no such cache on this server (check the cache name and the endpoint)`;
    }
    else {
        message = `the Attic server answered HTTP ${status} for ${name}${atticMessage(body)}`;
    }
    return { cause, message, status };
}
/** The `message` of an Attic error body, when there is one. */
function atticMessage(body) {
    try {
        const parsed = JSON.parse(body);
        return typeof parsed.message === 'string' ? `: ${parsed.message}` : '';
    }
    catch {
        return '';
    }
}

;// CONCATENATED MODULE: ./packages/shared/src/cache/nar-hash.ts
/**
 * Attic accepts `sha256:` + 64 hex or 52 Nix-base32 characters. `nix path-info --json` prints the
 * SRI form (`sha256-<base64>`) on Nix 2.8 and later; older tools print `sha256:<base32>`.
 */
function toAtticNarHash(hash) {
    const sri = /^sha256-([A-Za-z0-9+/]{43}=)$/.exec(hash);
    if (sri)
        return `sha256:${Buffer.from(sri[1], 'base64').toString('hex')}`;
    if (/^sha256:([0-9a-f]{64}|[0-9a-df-np-sv-z]{52})$/.test(hash))
        return hash;
    throw new Error(`unrecognised NAR hash ${hash}`);
}

;// CONCATENATED MODULE: ./packages/shared/src/cache/attic-client.ts




/** Attic advises the JSON preamble once the metadata is 4 KiB or more (headers have limits). */
const PREAMBLE_THRESHOLD = 4096;
function hashPart(storePath) {
    return storePath.slice(storePath.lastIndexOf('/') + 1).slice(0, 32);
}
class AtticClient {
    options;
    constructor(options) {
        this.options = options;
    }
    headers(extra = {}) {
        return { ...authHeaders(this.options.token), 'user-agent': 'gloriousflywheel-attic-setup', ...extra };
    }
    /** The store paths (of those given) the cache does not have, asked in batches. */
    async missingPaths(paths, signal) {
        const byHash = new Map(paths.map((p) => [hashPart(p), p]));
        const hashes = [...byHash.keys()];
        const batch = this.options.batchSize ?? 1000;
        const missing = new Set();
        let requests = 0;
        for (let i = 0; i < hashes.length; i += batch) {
            const res = await (0,request/* httpRequest */.a)(joinUrl(this.options.endpoint, '_api/v1/get-missing-paths'), {
                method: 'POST',
                headers: this.headers({ 'content-type': 'application/json' }),
                body: JSON.stringify({ cache: this.options.cache, store_path_hashes: hashes.slice(i, i + batch) }),
                retries: this.options.retries ?? 3,
                timeoutMs: this.options.timeoutMs ?? 30_000,
                onRetry: this.options.onRetry,
                signal,
            });
            requests += res.attempts;
            if (res.status !== 200)
                throw this.httpError('asking which paths are missing', res.status, res.text());
            for (const hash of res.json().missing_paths) {
                const path = byHash.get(hash);
                if (path)
                    missing.add(path);
            }
        }
        return { missing, requests };
    }
    /**
     * Streams one NAR to `PUT /_api/v1/upload-path`. `openNar` is called once per attempt, so a retry
     * re-reads the NAR from the store rather than holding it in memory.
     */
    async uploadPath(info, openNar, signal) {
        const metadata = JSON.stringify({
            cache: this.options.cache,
            store_path_hash: hashPart(info.path),
            store_path: info.path,
            references: info.references,
            system: null,
            deriver: info.deriver ?? null,
            sigs: info.sigs,
            ca: info.ca ?? null,
            nar_hash: toAtticNarHash(info.narHash),
            nar_size: info.narSize,
        });
        const preamble = Buffer.byteLength(metadata) >= PREAMBLE_THRESHOLD ? Buffer.from(metadata) : undefined;
        const opened = [];
        const body = () => {
            const nar = openNar();
            opened.push(nar);
            return preamble ? prefixed(preamble, nar.stream) : nar.stream;
        };
        try {
            const res = await (0,request/* httpRequest */.a)(joinUrl(this.options.endpoint, '_api/v1/upload-path'), {
                method: 'PUT',
                headers: this.headers({
                    'content-type': 'application/octet-stream',
                    ...(preamble
                        ? { 'x-attic-nar-info-preamble-size': String(preamble.length) }
                        : { 'x-attic-nar-info': metadata }),
                }),
                body,
                retries: this.options.retries ?? 3,
                timeoutMs: this.options.timeoutMs ?? 300_000,
                onRetry: this.options.onRetry,
                signal,
            });
            if (res.status === 413) {
                throw new errors/* FlywheelError */.Lt('PUSH_FAILED', `the server refused ${info.path} (${info.narSize} bytes uncompressed) as too large (HTTP 413${atticMessage(res.text())})`, {
                    hint: 'raise the request body size limit of Attic or of the proxy in front of it (nginx client_max_body_size, ' +
                        'Cloudflare allows 100 MB per request), or leave such paths out with push-exclude',
                    details: { status: 413, path: info.path, narSize: info.narSize },
                });
            }
            if (res.status !== 200)
                throw this.httpError(`uploading ${info.path}`, res.status, res.text());
            const reply = res.json();
            return {
                kind: reply.kind ?? 'Uploaded',
                metadata: preamble ? 'preamble' : 'header',
                attempts: res.attempts,
            };
        }
        finally {
            for (const nar of opened)
                nar.close();
        }
    }
    httpError(what, status, body) {
        return new errors/* FlywheelError */.Lt('PUSH_FAILED', `Attic answered HTTP ${status} when ${what}${atticMessage(body)}`, {
            hint: status === 401 || status === 403 ? 'the token needs push (w) permission on this cache' : undefined,
            details: { status },
        });
    }
}
async function* prefixed(head, rest) {
    yield head;
    yield* rest;
}

;// CONCATENATED MODULE: ./packages/shared/src/cache/bazel-probe.ts


/** The SHA-256 of the empty blob: bazel-remote always has it, so HEAD on it is a liveness probe. */
const EMPTY_BLOB_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
function bazelAuthHeader(token) {
    if (!token)
        return undefined;
    return token.includes(':') ? `Basic ${Buffer.from(token).toString('base64')}` : `Bearer ${token}`;
}
async function probeBazelRemote(options) {
    const started = performance.now();
    const base = String(options.url).replace(/\/+$/, '');
    const auth = bazelAuthHeader(options.token);
    try {
        const res = await (0,request/* httpRequest */.a)(`${base}/cas/${EMPTY_BLOB_SHA256}`, {
            method: 'HEAD',
            headers: auth ? { authorization: auth } : {},
            timeoutMs: options.timeoutMs ?? 4000,
            retries: options.retries ?? 1,
            baseDelayMs: 100,
            signal: options.signal,
        });
        const durationMs = performance.now() - started;
        if (res.status === 200)
            return { available: true, durationMs };
        const cause = causeFromStatus(res.status);
        const message = res.status === 401 || res.status === 403
            ? `the Bazel remote cache refused the credentials (HTTP ${res.status})`
            : res.status === 404
                ? 'the Bazel remote cache does not have the empty blob: this URL is not a bazel-remote HTTP cache'
                : `the Bazel remote cache answered HTTP ${res.status}`;
        return { available: false, durationMs, cause, message, status: res.status };
    }
    catch (error) {
        return {
            available: false,
            durationMs: performance.now() - started,
            ...failureFromError(error, `cannot reach the Bazel remote cache at ${displayUrl(base)}`),
        };
    }
}
/** A URL without user info, fit for a log line. */
function displayUrl(url) {
    try {
        const u = new URL(url);
        u.username = '';
        u.password = '';
        return u.toString().replace(/\/$/, '');
    }
    catch {
        return 'the configured URL';
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./packages/shared/src/exec.ts
var exec = __webpack_require__(43626);
;// CONCATENATED MODULE: ./packages/shared/src/cache/nix-store.ts



/** Store paths per `nix` invocation: keeps argv far below the kernel's limit on any store. */
const ARGV_BATCH = 500;
/** Reads path metadata and NARs from the local store with the Nix tools that are already installed. */
class NixStore {
    options;
    constructor(options = {}) {
        this.options = options;
    }
    /** Which of the paths are valid (registered) now; a path still being built is not. */
    async validPaths(paths) {
        const invalid = new Set();
        for (let i = 0; i < paths.length; i += ARGV_BATCH) {
            const batch = paths.slice(i, i + ARGV_BATCH);
            const res = await (0,exec/* runProcess */.R)('nix-store', ['--check-validity', '--print-invalid', ...batch], this.run());
            if (res.exitCode !== 0)
                throw this.failed('nix-store --check-validity', res.stderr);
            for (const line of res.stdout.split('\n'))
                if (line)
                    invalid.add(line.trim());
        }
        return paths.filter((p) => !invalid.has(p));
    }
    /** Metadata for upload, from `nix path-info --json` (both its array and its object layouts). */
    async pathInfo(paths) {
        const out = [];
        for (let i = 0; i < paths.length; i += ARGV_BATCH) {
            const batch = paths.slice(i, i + ARGV_BATCH);
            const res = await (0,exec/* runProcess */.R)('nix', ['--extra-experimental-features', 'nix-command', 'path-info', '--json', ...batch], this.run());
            if (res.exitCode !== 0)
                throw this.failed('nix path-info', res.stderr);
            out.push(...parsePathInfoJson(res.stdout));
        }
        return out;
    }
    /** `nix-store --dump <path>` as a stream; the NAR is never held in memory whole. */
    openNar(path) {
        const child = (0,external_node_child_process_.spawn)('nix-store', ['--dump', path], {
            env: this.options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk) => {
            stderr += chunk;
        });
        const exited = new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
        child.on('error', () => {
            // reported through the exit code below
        });
        async function* read() {
            for await (const chunk of child.stdout)
                yield chunk;
            const code = await exited;
            if (code !== 0)
                throw new Error(`nix-store --dump ${path} exited with ${code}: ${stderr.trim()}`);
        }
        return {
            stream: read(),
            close: () => {
                if (child.exitCode === null)
                    child.kill('SIGKILL');
            },
        };
    }
    run() {
        return { env: this.options.env, timeoutMs: this.options.timeoutMs ?? 120_000 };
    }
    failed(what, stderr) {
        return new errors/* FlywheelError */.Lt('PROCESS_FAILED', `${what} failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    }
}
/**
 * Nix up to 2.18 prints an array of objects with `path`; later versions an object keyed by path.
 * References are full paths in the first layout and may be base names in the second.
 */
function parsePathInfoJson(text, storeDir = '/nix/store') {
    const parsed = JSON.parse(text);
    const entries = Array.isArray(parsed)
        ? parsed.map((e) => [e.path ?? '', e])
        : Object.entries(parsed).filter((e) => e[1] !== null);
    const full = (p) => (p.startsWith('/') ? p : `${storeDir}/${p}`);
    return entries.map(([path, e]) => {
        if (!path || typeof e.narHash !== 'string' || typeof e.narSize !== 'number') {
            throw new errors/* FlywheelError */.Lt('PROCESS_FAILED', `nix path-info gave no NAR hash or size for ${path || 'a path'}`);
        }
        const info = {
            path: full(path),
            narHash: e.narHash,
            narSize: e.narSize,
            references: (e.references ?? []).map(full),
            sigs: e.signatures ?? [],
        };
        if (e.deriver)
            info.deriver = full(e.deriver);
        if (e.ca)
            info.ca = e.ca;
        return info;
    });
}

;// CONCATENATED MODULE: ./packages/shared/src/cache/push-paths.ts

/**
 * Asks the cache which candidates it lacks, then uploads those, references before referrers,
 * `concurrency` at a time, each retried by the client, and never past the deadline: paths not done
 * by then are reported as deferred rather than failing the step.
 */
async function pushPaths(options) {
    const started = performance.now();
    const deadline = AbortSignal.timeout(Math.max(1, options.deadlineMs));
    const report = {
        candidates: options.paths.length,
        hits: 0,
        misses: 0,
        upstream: 0,
        hitRate: undefined,
        pushed: [],
        pushedBytes: 0,
        deferred: [],
        failed: [],
        requests: { missingQueries: 0, uploads: 0 },
        deadlineReached: false,
        durationMs: 0,
    };
    const finish = () => {
        report.deadlineReached = deadline.aborted;
        report.durationMs = performance.now() - started;
        return report;
    };
    if (options.paths.length === 0)
        return finish();
    let missing;
    try {
        const answer = await options.client.missingPaths(options.paths, deadline);
        missing = answer.missing;
        report.requests.missingQueries = answer.requests;
    }
    catch (error) {
        report.deferred = [...options.paths];
        report.error = deadline.aborted
            ? 'the push deadline passed while asking the cache'
            : (0,errors/* describeError */.Uc)(error);
        return finish();
    }
    report.hits = options.paths.length - missing.size;
    report.misses = missing.size;
    report.hitRate = report.hits / options.paths.length;
    if (missing.size === 0)
        return finish();
    let infos;
    try {
        infos = await options.source.pathInfo([...missing]);
    }
    catch (error) {
        report.deferred = [...missing];
        report.error = (0,errors/* describeError */.Uc)(error);
        return finish();
    }
    const upstream = new Set(options.skipSignedBy ?? []);
    if (upstream.size > 0) {
        const before = infos.length;
        infos = infos.filter((i) => !i.sigs.some((sig) => upstream.has(sig.slice(0, sig.indexOf(':')))));
        report.upstream = before - infos.length;
        report.misses -= report.upstream;
        const counted = report.hits + report.misses;
        report.hitRate = counted > 0 ? report.hits / counted : undefined;
    }
    await uploadInOrder(options, infos, deadline, report);
    return finish();
}
async function uploadInOrder(options, infos, deadline, report) {
    const byPath = new Map(infos.map((i) => [i.path, i]));
    // Each path waits for its references that are also being pushed (a path never waits on itself).
    const waitingOn = new Map();
    const referrers = new Map();
    for (const info of infos) {
        const deps = new Set(info.references.filter((r) => r !== info.path && byPath.has(r)));
        waitingOn.set(info.path, deps);
        for (const dep of deps)
            referrers.set(dep, [...(referrers.get(dep) ?? []), info.path]);
    }
    const ready = infos.filter((i) => waitingOn.get(i.path).size === 0).map((i) => i.path);
    const settled = new Set();
    const total = infos.length;
    let lastReport = 0;
    const settle = (path, ok) => {
        settled.add(path);
        for (const referrer of referrers.get(path) ?? []) {
            const deps = waitingOn.get(referrer);
            deps.delete(path);
            if (!ok && !settled.has(referrer)) {
                // A referrer without its reference in the cache would be an incomplete closure.
                report.failed.push({ path: referrer, reason: `its reference ${path} was not uploaded` });
                settle(referrer, false);
            }
            else if (deps.size === 0 && !settled.has(referrer))
                ready.push(referrer);
        }
    };
    const uploadOne = async (path) => {
        const info = byPath.get(path);
        try {
            const outcome = await options.client.uploadPath(info, () => options.source.openNar(path), deadline);
            report.requests.uploads += outcome.attempts;
            report.pushed.push(path);
            report.pushedBytes += info.narSize;
            settle(path, true);
        }
        catch (error) {
            report.requests.uploads += 1;
            // Cut off by the deadline: left for a later job, not a failure.
            if (deadline.aborted)
                return;
            report.failed.push({ path, reason: (0,errors/* describeError */.Uc)(error) });
            settle(path, false);
        }
        const now = performance.now();
        if (options.onProgress && now - lastReport > 5000) {
            lastReport = now;
            const failed = settled.size - report.pushed.length;
            options.onProgress(`pushed ${report.pushed.length} of ${total} paths (${failed} failed), still uploading`);
        }
    };
    // A pool: whenever an upload ends, start as many ready paths as there are free slots.
    await new Promise((resolve) => {
        let inFlight = 0;
        const pump = () => {
            while (!deadline.aborted && inFlight < Math.max(1, options.concurrency) && ready.length > 0) {
                const path = ready.shift();
                inFlight += 1;
                void uploadOne(path).finally(() => {
                    inFlight -= 1;
                    pump();
                });
            }
            if (inFlight === 0)
                resolve();
        };
        deadline.addEventListener('abort', () => pump(), { once: true });
        pump();
    });
    for (const info of infos)
        if (!settled.has(info.path))
            report.deferred.push(info.path);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./packages/shared/src/cache/store-snapshot.ts

/** Lock files, build checks and chroot leftovers are store entries but never pushable paths. */
const NEVER_PUSHED = /\.(drv|lock|check|chroot)$/;
const STORE_ENTRY = /^[0-9a-df-np-sv-z]{32}-[^/]+$/;
/**
 * The store's entries right now, by a plain directory listing: cheap even for a big store, and
 * independent of any `nix path-info` output format.
 */
async function snapshotStore(storeDir = '/nix/store') {
    // A store entry is `<32-char hash>-<name>`; the dash check is enough to drop `.links` and friends.
    return (await (0,promises_.readdir)(storeDir)).filter((name) => name.length > 33 && name.charCodeAt(32) === 45);
}
/**
 * Paths that appeared since the snapshot, as full store paths, without derivations, lock and
 * check files, and without anything an exclude pattern matches (tested against the full path).
 */
function newStorePaths(before, now, exclude = [], storeDir = '/nix/store') {
    const seen = new Set(before);
    const out = [];
    for (const name of now) {
        if (seen.has(name) || NEVER_PUSHED.test(name) || !STORE_ENTRY.test(name))
            continue;
        const path = `${storeDir}/${name}`;
        if (exclude.some((re) => re.test(path)))
            continue;
        out.push(path);
    }
    return out.sort();
}

;// CONCATENATED MODULE: ./packages/shared/src/cache/index.ts










/***/ })

};
