export const id = 94;
export const ids = [94];
export const modules = {

/***/ 43094:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* reexport */ post)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/shared/src/index.ts + 20 modules
var src = __webpack_require__(35129);
// EXTERNAL MODULE: ./packages/shared/src/cache/index.ts + 8 modules
var cache = __webpack_require__(13210);
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
        const auth = (0,cache/* bazelAuthHeader */.iu)(wiring.token);
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
var external_node_os_ = __webpack_require__(48161);
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
    const now = await (0,cache/* snapshotStore */.IO)(nix.storeDir);
    const candidates = (0,cache/* newStorePaths */.Kz)(before, now, inputs['push-exclude'], nix.storeDir);
    const store = new cache/* NixStore */.xk({ env });
    const paths = candidates.length > 0 ? await store.validPaths(candidates) : [];
    ctx.log.info(`${paths.length} new store paths since the job started; asking the cache which it lacks.`);
    const report = await (0,cache/* pushPaths */.N9)({
        client: new cache/* AtticClient */.Dg({ endpoint: inputs.endpoint, cache: inputs.cache, token: inputs.token }),
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
        const probe = await (0,cache/* probeBazelRemote */.jf)({
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
    const probe = await (0,cache/* probeAtticCache */.u3)({
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
        const entries = await (0,cache/* snapshotStore */.IO)(storeDir).catch(() => []);
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
