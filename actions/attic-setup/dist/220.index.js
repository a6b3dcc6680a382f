export const id = 220;
export const ids = [220];
export const modules = {

/***/ 2220:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* reexport */ post)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/shared/src/index.ts + 40 modules
var src = __webpack_require__(4226);
// EXTERNAL MODULE: ./packages/shared/src/errors.ts
var errors = __webpack_require__(9680);
// EXTERNAL MODULE: ./packages/shared/src/http/request.ts + 1 modules
var request = __webpack_require__(3832);
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
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./packages/shared/src/exec.ts
var exec = __webpack_require__(3626);
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
var promises_ = __webpack_require__(1455);
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









;// CONCATENATED MODULE: ./actions/attic-setup/src/bazel.ts



/**
 * A bazelrc (0600, since it may hold the credential) for `--bazelrc=`. With no usable cache it
 * still exists, holding only a comment, so workflows can pass it unconditionally.
 */
function writeBazelrc(dir, wiring) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const file = (0,external_node_path_.join)(dir, 'attic-setup.bazelrc');
    const lines = ['# Written by attic-setup for this job only.'];
    if (wiring.url) {
        lines.push(`build --remote_cache=${wiring.url}`);
        const auth = bazelAuthHeader(wiring.token);
        if (auth)
            lines.push(`build --remote_header=Authorization=${auth}`);
        if (wiring.readOnly)
            lines.push('build --remote_upload_local_results=false');
    }
    else {
        lines.push('# No Bazel remote cache is in use for this job.');
    }
    (0,external_node_fs_.writeFileSync)(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return file;
}
/** BuildKit registry cache settings in the form docker/build-push-action takes. */
function buildkitCache(ref, readOnly) {
    if (!ref)
        return { cacheFrom: '', cacheTo: '' };
    return {
        cacheFrom: `type=registry,ref=${ref}`,
        cacheTo: readOnly ? '' : `type=registry,ref=${ref},mode=max,ignore-error=true`,
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./actions/attic-setup/src/nix-config.ts



/**
 * The user config files Nix reads when NIX_USER_CONF_FILES is unset: $XDG_CONFIG_HOME/nix/nix.conf
 * and nix/nix.conf in each of $XDG_CONFIG_DIRS. Setting the variable replaces that list, so the
 * files already in effect are carried over.
 */
function userConfFilesInEffect(env) {
    const given = env['NIX_USER_CONF_FILES'];
    if (given)
        return given.split(':').filter(Boolean);
    const configHome = env['XDG_CONFIG_HOME'] || (0,external_node_path_.join)(env['HOME'] || (0,external_node_os_.homedir)(), '.config');
    const configDirs = (env['XDG_CONFIG_DIRS'] || '/etc/xdg').split(':').filter(Boolean);
    return [(0,external_node_path_.join)(configHome, 'nix', 'nix.conf'), ...configDirs.map((d) => (0,external_node_path_.join)(d, 'nix', 'nix.conf'))];
}
/**
 * Writes the job-scoped config. `extra-` keys add to what the machine already has instead of
 * replacing it; `fallback` lets Nix build when the cache fails mid-job.
 */
function writeNixConfig(dir, wiring, env) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const confFile = (0,external_node_path_.join)(dir, 'nix.conf');
    const lines = [
        '# Written by attic-setup for this job only.',
        `extra-substituters = ${wiring.substituter}`,
        `extra-trusted-public-keys = ${wiring.publicKey}`,
        'fallback = true',
        `connect-timeout = ${wiring.connectTimeoutSeconds ?? 5}`,
    ];
    let netrcFile;
    if (wiring.token) {
        netrcFile = (0,external_node_path_.join)(dir, 'netrc');
        const host = new URL(wiring.substituter).hostname;
        // Nix sends the password as Basic auth; Attic reads the token from it and ignores the login.
        (0,external_node_fs_.writeFileSync)(netrcFile, `machine ${host}\nlogin attic\npassword ${wiring.token}\n`, { mode: 0o600 });
        lines.push(`netrc-file = ${netrcFile}`);
    }
    (0,external_node_fs_.writeFileSync)(confFile, `${lines.join('\n')}\n`, { mode: 0o600 });
    const userConfFiles = [confFile, ...userConfFilesInEffect(env).filter((f) => f !== confFile)].join(':');
    return { confFile, userConfFiles, ...(netrcFile ? { netrcFile } : {}) };
}

;// CONCATENATED MODULE: ./actions/attic-setup/src/nix-trust.ts



function readNixTrustFacts(env) {
    const stateDir = env['NIX_STATE_DIR'] ?? '/nix/var/nix';
    let stateDirWritable = false;
    try {
        (0,external_node_fs_.accessSync)(stateDir, external_node_fs_.constants.W_OK);
        stateDirWritable = true;
    }
    catch {
        stateDirWritable = false;
    }
    const confPath = (0,external_node_path_.join)(env['NIX_CONF_DIR'] ?? '/etc/nix', 'nix.conf');
    let user = 'unknown';
    try {
        user = (0,external_node_os_.userInfo)().username;
    }
    catch {
        // no passwd entry (some containers)
    }
    return {
        nixRemote: env['NIX_REMOTE'],
        uid: process.getuid?.() ?? -1,
        user,
        stateDirWritable,
        daemonSocketExists: (0,external_node_fs_.existsSync)((0,external_node_path_.join)(stateDir, 'daemon-socket', 'socket')),
        systemConf: (0,external_node_fs_.existsSync)(confPath) ? (0,external_node_fs_.readFileSync)(confPath, 'utf8') : '',
    };
}
/**
 * Nix's "auto" store is the local one when the state dir is writable and the daemon otherwise. The
 * daemon ignores substituters and keys from untrusted users (anything but `trusted-users`).
 */
function assessNixTrust(facts) {
    const remote = facts.nixRemote ?? '';
    const viaDaemon = remote === 'daemon' ||
        remote.startsWith('unix://') ||
        (remote === '' && !facts.stateDirWritable && facts.daemonSocketExists);
    if (!viaDaemon || facts.uid === 0)
        return { viaDaemon, trusted: true, user: facts.user };
    const trustedUsers = ['root'];
    for (const line of facts.systemConf.split('\n')) {
        const m = /^\s*(extra-)?trusted-users\s*=\s*(.*)$/.exec(line);
        if (!m)
            continue;
        const names = m[2].trim().split(/\s+/).filter(Boolean);
        if (m[1])
            trustedUsers.push(...names);
        else
            trustedUsers.splice(0, trustedUsers.length, ...names);
    }
    if (trustedUsers.includes(facts.user) || trustedUsers.includes('*'))
        return { viaDaemon, trusted: true, user: facts.user };
    if (trustedUsers.some((n) => n.startsWith('@')))
        return { viaDaemon, trusted: undefined, user: facts.user };
    return { viaDaemon, trusted: false, user: facts.user };
}
function untrustedWarning(trust, substituter, publicKey) {
    return (`Nix runs through the daemon and user "${trust.user}" is not in trusted-users: the daemon will ignore this ` +
        `job's substituter ${substituter}, so nothing is pulled from the cache. Fix it in the runner image: add ` +
        `"trusted-users = root ${trust.user}" to /etc/nix/nix.conf, or list the cache there with ` +
        `"extra-trusted-substituters = ${substituter}" and "extra-trusted-public-keys = ${publicKey}", then restart nix-daemon.`);
}

;// CONCATENATED MODULE: ./actions/attic-setup/src/push-policy.ts
/**
 * `auto` pushes only with a token and not from a fork (a fork's code must not write to the cache);
 * `always` is the explicit opt-in for forks; nothing is pushed without a token.
 */
function decidePush(mode, hasToken, isFork) {
    if (mode === 'never')
        return { push: false, reason: 'push: never' };
    if (!hasToken)
        return { push: false, reason: 'no token (pull only)' };
    if (mode === 'auto' && isFork)
        return { push: false, reason: 'the run comes from a fork (pull only)' };
    return { push: true, reason: mode === 'always' ? 'push: always' : 'token present, not a fork' };
}

;// CONCATENATED MODULE: ./actions/attic-setup/src/state.ts
const STATE_KEY = 'attic-setup';

;// CONCATENATED MODULE: ./actions/attic-setup/src/bazel-log.ts
/**
 * Reads the last `INFO: N processes: X remote cache hit, Y internal, Z linux-sandbox.` line of a
 * Bazel log (the summary line of SpawnStats; "1 process" in the singular).
 */
function parseBazelLog(text) {
    const lines = text.split('\n').filter((l) => /INFO: \d+ process(es)?\b/.test(l));
    const line = lines.at(-1);
    if (!line)
        return undefined;
    const total = Number(/INFO: (\d+) process/.exec(line)[1]);
    const count = (label) => {
        const m = new RegExp(`(\\d+) ${label}\\b`).exec(line);
        return m ? Number(m[1]) : 0;
    };
    const remoteHits = count('remote cache hit');
    const internal = count('internal');
    const cacheable = total - internal;
    return {
        processes: total,
        remoteHits,
        internal,
        hitRate: cacheable > 0 ? remoteHits / cacheable : undefined,
    };
}

;// CONCATENATED MODULE: ./actions/attic-setup/src/summary.ts
const pct = (rate) => (rate === undefined ? '–' : `${(rate * 100).toFixed(1)} %`);
function bytes(n) {
    if (n < 1024)
        return `${n} B`;
    if (n < 1024 ** 2)
        return `${(n / 1024).toFixed(1)} KiB`;
    if (n < 1024 ** 3)
        return `${(n / 1024 ** 2).toFixed(1)} MiB`;
    return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
/** One table for the three caches: what was found, what was missing, what moved, and what it cost. */
function writeSummary(summary, input) {
    const { state, report, bazel } = input;
    const rows = [];
    if (state.nix || report) {
        const status = report
            ? report.deferred.length > 0
                ? `pushed, ${report.deferred.length} deferred`
                : 'in use'
            : input.nixSkipped;
        rows.push([
            'Nix (Attic)',
            status,
            report?.hits ?? '–',
            report?.misses ?? '–',
            pct(report?.hitRate),
            report ? `${report.pushed.length} paths, ${bytes(report.pushedBytes)}` : '–',
            `${state.mainMs} ms`,
            `${input.postMs} ms`,
        ]);
    }
    if (state.bazel || bazel) {
        rows.push([
            'Bazel remote',
            state.bazel ? (state.bazel.available ? 'in use' : `unavailable (${state.bazel.cause})`) : 'log only',
            bazel?.remoteHits ?? '–',
            bazel ? bazel.processes - bazel.internal - bazel.remoteHits : '–',
            pct(bazel?.hitRate),
            '–',
            '–',
            '–',
        ]);
    }
    if (state.buildkit) {
        rows.push([
            'BuildKit registry',
            state.buildkit.writes ? 'read + write' : 'read only',
            '–',
            '–',
            '–',
            '–',
            '–',
            '–',
        ]);
    }
    summary.heading('Cache wiring (attic-setup)', 3);
    if (rows.length === 0) {
        summary.paragraph('No cache was configured.');
        return;
    }
    summary.table(['Cache', 'Status', 'Hits', 'Misses', 'Hit rate', 'Pushed', 'Main', 'Post'], rows);
    if (report && report.upstream > 0) {
        summary.paragraph(`${report.upstream} new path(s) were signed by an upstream cache: not counted, not pushed.`);
    }
    if (report && report.deferred.length > 0) {
        summary.details(`${report.deferred.length} deferred path(s)`, report.deferred
            .slice(0, 200)
            .map((p) => `- \`${p}\``)
            .join('\n'));
    }
    if (report && report.failed.length > 0) {
        summary.details(`${report.failed.length} path(s) not pushed`, report.failed
            .slice(0, 100)
            .map((f) => `- \`${f.path}\`: ${f.reason}`)
            .join('\n'));
    }
}

;// CONCATENATED MODULE: ./actions/attic-setup/src/modes/setup-post.ts





async function post(ctx, env = process.env) {
    const started = performance.now();
    const state = ctx.state.load(STATE_KEY) ?? { mainMs: 0 };
    let report;
    let nixSkipped = 'no Attic endpoint configured';
    if (state.nix && !state.nix.available)
        nixSkipped = `cache unavailable (${state.nix.cause})`;
    else if (state.nix && !state.nix.push)
        nixSkipped = `not pushing: ${state.nix.pushReason}`;
    else if (state.nix?.snapshotFile) {
        try {
            report = await push(ctx, state.nix, env);
        }
        catch (error) {
            // The job's own work is done; a cache problem must not turn it red.
            nixSkipped = `push failed: ${error.message}`;
            ctx.log.warning(`Pushing to the Attic cache failed: ${error.message}`);
        }
    }
    let bazel;
    const logFile = ctx.inputs['bazel-log'];
    if (logFile) {
        try {
            bazel = parseBazelLog((0,external_node_fs_.readFileSync)(logFile, 'utf8'));
            if (!bazel)
                ctx.log.warning(`No "INFO: N processes: …" line in ${logFile}: no Bazel hit rate.`);
        }
        catch (error) {
            ctx.log.warning(`Cannot read bazel-log ${logFile}: ${error.message}`);
        }
    }
    ctx.setOutput('nix-hit-rate', report?.hitRate === undefined ? '' : report.hitRate.toFixed(4));
    ctx.setOutput('pushed-paths', report?.pushed.length ?? 0);
    ctx.setOutput('pushed-bytes', report?.pushedBytes ?? 0);
    ctx.setOutput('deferred-paths', report?.deferred.length ?? 0);
    ctx.setOutput('bazel-hit-rate', bazel?.hitRate === undefined ? '' : bazel.hitRate.toFixed(4));
    const postMs = Math.round(performance.now() - started);
    writeSummary(ctx.summary, { state, report, nixSkipped, bazel, postMs });
    return {
        nix: report ? { ...report, pushed: report.pushed.length } : { skipped: nixSkipped },
        ...(logFile ? { bazel: bazel ?? { skipped: 'no summary line in the log' } } : {}),
        mainMs: state.mainMs,
        postMs,
    };
}
async function push(ctx, nix, env) {
    const { inputs } = ctx;
    const before = (0,external_node_fs_.readFileSync)(nix.snapshotFile, 'utf8').split('\n').filter(Boolean);
    const now = await snapshotStore(nix.storeDir);
    const candidates = newStorePaths(before, now, inputs['push-exclude'], nix.storeDir);
    const store = new NixStore({ env });
    const paths = candidates.length > 0 ? await store.validPaths(candidates) : [];
    ctx.log.info(`${paths.length} new store paths since the job started; asking the cache which it lacks.`);
    const report = await pushPaths({
        client: new AtticClient({ endpoint: inputs.endpoint, cache: inputs.cache, token: inputs.token }),
        source: store,
        paths,
        concurrency: inputs['push-concurrency'],
        deadlineMs: inputs['push-timeout'],
        skipSignedBy: nix.upstreamKeyNames,
        onProgress: (message) => ctx.log.info(message),
    });
    if (report.error)
        ctx.log.warning(`Nothing was pushed to the Attic cache: ${report.error}`);
    if (report.deferred.length > 0 && !report.error) {
        ctx.log.warning(`push-timeout reached: ${report.deferred.length} path(s) deferred (not pushed); a later job will push them. ` +
            `First: ${report.deferred.slice(0, 5).join(', ')}`);
    }
    for (const failure of report.failed.slice(0, 10))
        ctx.log.warning(`Not pushed: ${failure.path}: ${failure.reason}`);
    ctx.log.info(`Attic: ${report.hits} hit(s), ${report.misses} miss(es); pushed ${report.pushed.length} path(s), ` +
        `${report.pushedBytes} bytes, in ${Math.round(report.durationMs)} ms.`);
    return report;
}

;// CONCATENATED MODULE: ./actions/attic-setup/src/modes/setup.ts









/** Preflight timeouts: the job must not wait on a dead cache. */
const PROBE_TIMEOUT_MS = 4000;
async function main(ctx, env = process.env) {
    const started = performance.now();
    const { inputs } = ctx;
    if (inputs.endpoint && !inputs.cache) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'input `cache` is required when `endpoint` is given', {
            hint: 'set `cache:` to the name of the Attic cache, e.g. `main`',
        });
    }
    const state = { mainMs: 0 };
    const unreachable = [];
    const readOnly = ctx.context.isFork || inputs.push === 'never';
    if (inputs.endpoint && inputs.cache) {
        state.nix = await wireNix(ctx, env, unreachable);
    }
    ctx.setOutput('nix-cache-available', state.nix?.available ?? false);
    const bazelUrl = inputs['bazel-remote-cache'];
    let bazelAvailable = false;
    if (bazelUrl) {
        const probe = await probeBazelRemote({
            url: bazelUrl,
            token: inputs['bazel-remote-token'],
            timeoutMs: PROBE_TIMEOUT_MS,
        });
        bazelAvailable = probe.available;
        state.bazel = { url: String(bazelUrl), available: probe.available };
        if (!probe.available) {
            state.bazel.cause = probe.cause;
            unreachable.push(`Bazel remote cache: ${probe.message}`);
            ctx.log.warning(`Bazel remote cache not used (${probe.cause}): ${probe.message}. Bazel runs without it.`);
        }
    }
    const bazelrc = writeBazelrc((0,external_node_path_.join)(ctx.tempDir, 'bazel'), {
        url: bazelAvailable ? String(bazelUrl) : undefined,
        token: inputs['bazel-remote-token'],
        readOnly,
    });
    ctx.setOutput('bazelrc', bazelrc);
    ctx.setOutput('bazel-remote-cache', bazelAvailable ? String(bazelUrl) : '');
    ctx.setOutput('bazel-cache-available', bazelAvailable);
    const ref = inputs['buildkit-cache-ref'];
    const buildkit = buildkitCache(ref, readOnly);
    ctx.setOutput('cache-from', buildkit.cacheFrom);
    ctx.setOutput('cache-to', buildkit.cacheTo);
    if (ref)
        state.buildkit = { ref, writes: buildkit.cacheTo !== '' };
    if (unreachable.length > 0 && inputs['fail-on-unreachable']) {
        throw new src/* FlywheelError */.Lt('CACHE_UNREACHABLE', unreachable.join('; '), {
            hint: 'set fail-on-unreachable: false to let the job go on without the cache',
        });
    }
    state.mainMs = Math.round(performance.now() - started);
    ctx.state.save(STATE_KEY, state);
    return state;
}
async function wireNix(ctx, env, unreachable) {
    const { inputs } = ctx;
    const storeDir = env['NIX_STORE_DIR'] ?? '/nix/store';
    const decision = decidePush(inputs.push, Boolean(inputs.token), ctx.context.isFork);
    const probe = await probeAtticCache({
        endpoint: inputs.endpoint,
        cache: inputs.cache,
        token: inputs.token,
        timeoutMs: PROBE_TIMEOUT_MS,
    });
    if (!probe.available) {
        unreachable.push(`Attic cache: ${probe.message}`);
        ctx.log.warning(`Attic cache not used (${probe.cause}): ${probe.message}. Nix builds without it.`);
        return {
            available: false,
            cause: probe.cause,
            push: false,
            pushReason: 'cache unavailable',
            storeDir,
            upstreamKeyNames: [],
        };
    }
    const { config } = probe;
    ctx.setOutput('substituter', config.substituter_endpoint);
    ctx.setOutput('public-key', config.public_key);
    if (inputs.substitute) {
        const written = writeNixConfig((0,external_node_path_.join)(ctx.tempDir, 'nix'), {
            substituter: config.substituter_endpoint,
            publicKey: config.public_key,
            // A public cache needs no credentials to pull: keep the token off disk then.
            ...(inputs.token && !probe.public ? { token: inputs.token } : {}),
        }, env);
        ctx.exportVariable('NIX_USER_CONF_FILES', written.userConfFiles);
        ctx.setOutput('nix-conf', written.confFile);
        ctx.log.info(`Nix substitutes from ${config.substituter_endpoint} for this job (config ${written.confFile}).`);
        const trust = assessNixTrust(readNixTrustFacts(env));
        if (trust.viaDaemon && trust.trusted === false) {
            ctx.log.warning(untrustedWarning(trust, config.substituter_endpoint, config.public_key));
        }
        else if (trust.viaDaemon && trust.trusted === undefined) {
            ctx.log.info(`Nix runs through the daemon; if user "${trust.user}" is not in a trusted-users group the daemon ignores this substituter.`);
        }
    }
    let snapshotFile;
    if (decision.push) {
        // Only when something will be pushed: the listing is what post diffs against.
        const entries = await snapshotStore(storeDir).catch(() => []);
        snapshotFile = (0,external_node_path_.join)(ctx.tempDir, 'store-snapshot.txt');
        (0,external_node_fs_.writeFileSync)(snapshotFile, entries.join('\n'), { mode: 0o600 });
    }
    else {
        ctx.log.info(`Not pushing to the cache: ${decision.reason}.`);
    }
    return {
        available: true,
        push: decision.push,
        pushReason: decision.reason,
        storeDir,
        upstreamKeyNames: config.upstream_cache_key_names ?? [],
        ...(snapshotFile ? { snapshotFile } : {}),
    };
}



/***/ })

};
