export const id = 673;
export const ids = [673];
export const modules = {

/***/ 94673:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  i: () => (/* binding */ runCanary)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/shared/src/index.ts + 20 modules
var src = __webpack_require__(35129);
// EXTERNAL MODULE: ./packages/shared/src/report/index.ts + 1 modules
var report = __webpack_require__(67281);
// EXTERNAL MODULE: ./actions/canary-check/src/checks.ts
var checks = __webpack_require__(33226);
;// CONCATENATED MODULE: ./actions/canary-check/src/report.ts

const ICON = {
    pass: '✅ pass',
    warn: '⚠️ warn',
    fail: '❌ fail',
    skip: '➖ skip',
};
/** One row per subject (repo × label, or the runner), one column per check. */
function summaryTable(results) {
    const columns = [...new Map(results.map((r) => [r.id, r.title])).entries()];
    const subjects = [...new Set(results.map((r) => r.subject))];
    const rows = subjects.map((subject) => [
        subject,
        ...columns.map(([id]) => {
            const r = results.find((x) => x.subject === subject && x.id === id);
            return r ? ICON[r.status] : '';
        }),
    ]);
    return { headers: ['subject', ...columns.map(([, title]) => title)], rows };
}
function writeSummary(ctx, title, results, verdict) {
    const counts = (0,checks/* countChecks */.ls)(results);
    const { headers, rows } = summaryTable(results);
    ctx.summary
        .heading(title, 2)
        .paragraph(`Verdict: **${verdict}** — ${counts.pass} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.skip} skipped.`)
        .table(headers, rows);
    const problems = results.filter((r) => r.status === 'warn' || r.status === 'fail');
    if (problems.length) {
        ctx.summary
            .heading('What to fix', 3)
            .list(problems.map((r) => `${ICON[r.status]} **${r.subject}** · ${r.title}: ${r.summary}${r.fix ? ` — fix: ${r.fix}` : ''}`));
    }
    const evidence = results.map((r) => `- **${r.subject}** · ${r.title}: ${r.summary}${r.evidence.length ? `\n${r.evidence.map((e) => `  - ${e}`).join('\n')}` : ''}`);
    ctx.summary.details('Evidence', evidence.join('\n'));
}
/** Warnings become failures in strict mode (JUnit has no warning outcome). */
function junitSuites(results, now, strict = false) {
    const bySubject = new Map();
    for (const r of results) {
        const cases = bySubject.get(r.subject) ?? [];
        cases.push({
            name: r.title,
            classname: r.subject,
            outcome: r.status === 'pass'
                ? 'passed'
                : r.status === 'skip'
                    ? 'skipped'
                    : r.status === 'fail' || strict
                        ? 'failed'
                        : 'passed',
            ...(r.durationMs !== undefined ? { time: r.durationMs / 1000 } : {}),
            message: r.summary,
            details: [r.summary, ...r.evidence, ...(r.fix ? [`fix: ${r.fix}`] : [])].join('\n'),
            output: `${r.status.toUpperCase()}: ${r.summary}${r.status === 'warn' && r.fix ? `\nfix: ${r.fix}` : ''}\n${r.evidence.join('\n')}`,
        });
        bySubject.set(r.subject, cases);
    }
    return [...bySubject.entries()].map(([name, cases]) => ({
        name: `canary-check: ${name}`,
        cases,
        timestamp: now,
    }));
}

// EXTERNAL MODULE: ./packages/shared/src/cache/index.ts + 8 modules
var cache = __webpack_require__(13210);
;// CONCATENATED MODULE: ./actions/canary-check/src/inside/caches.ts


/** The Attic cache answers (nix-cache-info, then the cache config with the token); bazel-remote answers HEAD of the empty blob. */
async function checkCaches(options) {
    const results = [];
    if (!options.atticEndpoint) {
        results.push((0,checks/* check */.z6)('cache-attic', 'Attic cache', 'runner', 'skip', 'no Attic endpoint (attic-endpoint or ATTIC_SERVER)'));
    }
    else {
        const probe = await (0,cache/* probeAtticCache */.u3)({
            endpoint: options.atticEndpoint,
            cache: options.atticCache,
            ...(options.atticToken ? { token: options.atticToken } : {}),
        });
        results.push(probe.available
            ? (0,checks/* check */.z6)('cache-attic', 'Attic cache', 'runner', 'pass', `cache "${options.atticCache}" answers (${probe.public ? 'public' : 'private'})`, [`substituter ${probe.config.substituter_endpoint}`, `public key ${probe.config.public_key}`])
            : (0,checks/* check */.z6)('cache-attic', 'Attic cache', 'runner', 'fail', probe.message, [`stage ${probe.stage}, cause ${probe.cause}`], probe.cause === 'unauthorized' || probe.cause === 'forbidden'
                ? 'give the job a valid Attic token with pull permission on the cache'
                : 'check the Attic endpoint is reachable from the runner namespace (nix-cache service, network policy)'));
    }
    if (!options.bazelUrl) {
        results.push((0,checks/* check */.z6)('cache-bazel', 'Bazel remote cache', 'runner', 'skip', 'no Bazel remote cache URL (bazel-remote-url or BAZEL_REMOTE_CACHE)'));
    }
    else {
        const probe = await (0,cache/* probeBazelRemote */.jf)({
            url: options.bazelUrl,
            ...(options.bazelToken ? { token: options.bazelToken } : {}),
        });
        results.push(probe.available
            ? (0,checks/* check */.z6)('cache-bazel', 'Bazel remote cache', 'runner', 'pass', 'answers HEAD of the empty CAS blob')
            : (0,checks/* check */.z6)('cache-bazel', 'Bazel remote cache', 'runner', 'fail', probe.message, [`cause ${probe.cause}`], 'check the Bazel remote cache URL and credentials, and that the runner namespace may reach nix-cache'));
    }
    return results;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./packages/shared/src/system/index.ts + 3 modules
var system = __webpack_require__(85213);
;// CONCATENATED MODULE: ./actions/canary-check/src/inside/sizes.ts
const UNITS = {
    '': 1,
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
};
/** Kubernetes-style quantity (`8Gi`, `512Mi`, `4G`) in bytes. */
function parseSize(text) {
    const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(text.trim());
    if (!m)
        throw new Error(`not a size: ${text}`);
    return Math.round(Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1));
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let i = 0;
    while (value >= 1024 && i < units.length - 1) {
        value /= 1024;
        i++;
    }
    return `${value.toFixed(value >= 10 || i === 0 ? 0 : 1)} ${units[i]}`;
}

;// CONCATENATED MODULE: ./actions/canary-check/src/inside/capacity.ts




/** Within 5 %: limits are set as round numbers, but the kernel stores them in its own units. */
const capacity_close = (a, b) => Math.abs(a - b) <= Math.max(0.05 * b, 1e-9);
async function checkEnvelope(options) {
    const results = [];
    const limits = (0,system/* readCgroupLimits */.hm)(options.systemRoot);
    const evidence = limits
        ? [
            `cgroup ${limits.version} ${limits.path}`,
            `cpu limit: ${limits.cpuLimitCores ?? 'none'}`,
            `memory limit: ${limits.memoryLimitBytes === null ? 'none' : formatBytes(limits.memoryLimitBytes)}`,
        ]
        : ['no cgroup filesystem visible'];
    if (options.expectCpu !== undefined || options.expectMemory !== undefined) {
        const problems = [];
        if (!limits)
            problems.push('no cgroup limits could be read');
        if (limits &&
            options.expectCpu !== undefined &&
            (limits.cpuLimitCores === null || !capacity_close(limits.cpuLimitCores, options.expectCpu))) {
            problems.push(`CPU limit is ${limits.cpuLimitCores ?? 'unset'}, expected ${options.expectCpu}`);
        }
        if (limits && options.expectMemory !== undefined) {
            const want = parseSize(options.expectMemory);
            if (limits.memoryLimitBytes === null || !capacity_close(limits.memoryLimitBytes, want)) {
                problems.push(`memory limit is ${limits.memoryLimitBytes === null ? 'unset' : formatBytes(limits.memoryLimitBytes)}, expected ${formatBytes(want)}`);
            }
        }
        results.push(problems.length
            ? (0,checks/* check */.z6)('capacity-envelope', 'cgroup limits', 'runner', 'fail', problems.join('; '), evidence, "the job landed on a runner class with other resources: check runs-on and the scale set's cpu/memory limits")
            : (0,checks/* check */.z6)('capacity-envelope', 'cgroup limits', 'runner', 'pass', 'CPU and memory limits match', evidence));
    }
    else {
        results.push((0,checks/* check */.z6)('capacity-envelope', 'cgroup limits', 'runner', limits ? 'pass' : 'skip', limits ? 'limits read (no expectation set)' : 'no cgroup visible', evidence));
    }
    const min = parseSize(options.minFreeDisk);
    for (const disk of options.disks) {
        const id = `disk-${disk.name}`;
        try {
            const fs = await (0,promises_.statfs)(disk.path);
            const free = Number(fs.bavail) * Number(fs.bsize);
            const line = `${disk.path}: ${formatBytes(free)} free of ${formatBytes(Number(fs.blocks) * Number(fs.bsize))}`;
            results.push(free >= min
                ? (0,checks/* check */.z6)(id, `free disk (${disk.name})`, 'runner', 'pass', `${formatBytes(free)} free`, [line])
                : (0,checks/* check */.z6)(id, `free disk (${disk.name})`, 'runner', 'fail', `${formatBytes(free)} free, below ${formatBytes(min)}`, [line], 'free space on the node (image filesystem pressure evicts pods): prune images, age out completed runner pods, or move the lane to a node with a larger disk'));
        }
        catch {
            results.push((0,checks/* check */.z6)(id, `free disk (${disk.name})`, 'runner', 'skip', `${disk.path} does not exist`));
        }
    }
    return results;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./actions/canary-check/src/inside/devices.ts




async function usable(path) {
    try {
        await (0,promises_.stat)(path);
    }
    catch {
        return `${path} is missing`;
    }
    try {
        await (0,promises_.access)(path, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
        return undefined;
    }
    catch {
        return `${path} exists but this user cannot read and write it`;
    }
}
/** `kvm` → /dev/kvm; `dri` → every /dev/dri/* node (at least one). */
async function checkDevices(devRoot, wanted) {
    const results = [];
    for (const device of wanted) {
        const id = `device-${device}`;
        const title = `device ${device}`;
        if (device === 'kvm') {
            const problem = await usable((0,external_node_path_.join)(devRoot, 'kvm'));
            results.push(problem
                ? (0,checks/* check */.z6)(id, title, 'runner', 'fail', problem, [], 'schedule the job on the KVM lane (tinyland-nix-kvm), whose pods mount the host /dev/kvm, and add the runner user to the kvm group')
                : (0,checks/* check */.z6)(id, title, 'runner', 'pass', `${(0,external_node_path_.join)(devRoot, 'kvm')} is usable`));
            continue;
        }
        if (device === 'dri') {
            const dir = (0,external_node_path_.join)(devRoot, 'dri');
            const nodes = await (0,promises_.readdir)(dir).catch(() => []);
            if (nodes.length === 0) {
                results.push((0,checks/* check */.z6)(id, title, 'runner', 'fail', `${dir} has no device nodes`, [], 'schedule the job on the GPU lane (tinyland-nix-gpu), whose pods mount the host /dev/dri'));
                continue;
            }
            const problems = (await Promise.all(nodes.map((n) => usable((0,external_node_path_.join)(dir, n))))).filter((p) => Boolean(p));
            results.push(problems.length
                ? (0,checks/* check */.z6)(id, title, 'runner', 'fail', `${problems.length} of ${nodes.length} /dev/dri nodes are not usable`, problems, 'add the runner user to the video/render groups of the host device nodes')
                : (0,checks/* check */.z6)(id, title, 'runner', 'pass', `${nodes.length} /dev/dri node(s) usable`, nodes.map((n) => (0,external_node_path_.join)(dir, n))));
            continue;
        }
        const problem = await usable((0,external_node_path_.join)(devRoot, device));
        results.push(problem
            ? (0,checks/* check */.z6)(id, title, 'runner', 'fail', problem, [], `expose /dev/${device} to the runner pod`)
            : (0,checks/* check */.z6)(id, title, 'runner', 'pass', `${(0,external_node_path_.join)(devRoot, device)} is usable`));
    }
    return results;
}

;// CONCATENATED MODULE: ./actions/canary-check/src/inside/hygiene.ts




function inside(root, path) {
    const rel = (0,external_node_path_.relative)(root, path);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(external_node_path_.sep) && !(0,external_node_path_.resolve)(root, rel).startsWith('..');
}
/** Newest modification among a directory and its direct children, never following links. */
async function lastTouched(path) {
    let newest = (await (0,promises_.lstat)(path)).mtimeMs;
    for (const name of await (0,promises_.readdir)(path).catch(() => [])) {
        const info = await (0,promises_.lstat)((0,external_node_path_.join)(path, name)).catch(() => undefined);
        if (info)
            newest = Math.max(newest, info.mtimeMs);
    }
    return newest;
}
/**
 * Finds checkouts under the work root untouched for `staleAfterMs` and, with `cleanup`, removes
 * them. The runner's own folders (`_temp`, `_actions`, `_tool` …) and the current workspace are
 * left alone. A symlink is never followed: a link is removed as a link, and anything whose real
 * path leaves the work root is refused.
 */
async function scanWorkRoot(options) {
    const report = { stale: [], removed: [], failures: [], refused: [] };
    const root = await (0,promises_.realpath)(options.workRoot);
    const current = options.workspace
        ? await (0,promises_.realpath)(options.workspace).catch(() => (0,external_node_path_.resolve)(options.workspace))
        : undefined;
    for (const name of await (0,promises_.readdir)(root)) {
        if (name.startsWith('_'))
            continue;
        const path = (0,external_node_path_.join)(root, name);
        const info = await (0,promises_.lstat)(path);
        if (current && (current === path || inside(path, current)))
            continue;
        if (info.isSymbolicLink()) {
            const target = await (0,promises_.realpath)(path).catch(() => undefined);
            if (target === undefined || !inside(root, target))
                report.refused.push(path);
            const ageMs = options.now.getTime() - info.mtimeMs;
            if (ageMs > options.staleAfterMs)
                report.stale.push({ path, ageMs });
            continue;
        }
        if (!info.isDirectory())
            continue;
        const ageMs = options.now.getTime() - (await lastTouched(path));
        if (ageMs > options.staleAfterMs)
            report.stale.push({ path, ageMs });
    }
    if (!options.cleanup)
        return report;
    for (const { path } of report.stale) {
        try {
            const info = await (0,promises_.lstat)(path);
            // A link is unlinked, never its target; fs.rm does not follow links below a directory either.
            if (info.isSymbolicLink())
                await (0,promises_.rm)(path, { force: true });
            else if (inside(root, await (0,promises_.realpath)(path)))
                await (0,promises_.rm)(path, { recursive: true, force: true });
            else {
                report.refused.push(path);
                continue;
            }
            report.removed.push(path);
        }
        catch (error) {
            report.failures.push({ path, error: error.message });
        }
    }
    return report;
}
async function checkHygiene(options) {
    const id = 'workspace-hygiene';
    const title = 'workspace hygiene';
    let report;
    try {
        report = await scanWorkRoot(options);
    }
    catch (error) {
        return (0,checks/* check */.z6)(id, title, 'runner', 'warn', `cannot scan the work root ${options.workRoot}: ${error.message}`, [], "set work-root to the runner's _work folder");
    }
    const evidence = [
        ...report.stale.map((s) => `stale: ${s.path} (untouched ${(0,src/* formatDuration */.a3)(s.ageMs)})`),
        ...report.removed.map((p) => `removed: ${p}`),
        ...report.failures.map((f) => `could not remove ${f.path}: ${f.error}`),
        ...report.refused.map((p) => `refused (symlink leaving the work root): ${p}`),
    ];
    if (report.failures.length) {
        return (0,checks/* check */.z6)(id, title, 'runner', 'fail', `${report.failures.length} stale checkout(s) could not be removed`, evidence, 'check ownership of the listed folders; a job running as another user may have left them');
    }
    if (report.stale.length === 0)
        return (0,checks/* check */.z6)(id, title, 'runner', 'pass', `no checkout older than ${(0,src/* formatDuration */.a3)(options.staleAfterMs)}`, evidence);
    if (options.cleanup) {
        return (0,checks/* check */.z6)(id, title, 'runner', 'pass', `removed ${report.removed.length} stale checkout(s)`, evidence);
    }
    return (0,checks/* check */.z6)(id, title, 'runner', 'warn', `${report.stale.length} stale checkout(s) under ${options.workRoot} (dry run)`, evidence, 'run with cleanup: true to remove them; persistent runners should start each job from an empty work root');
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./actions/canary-check/src/inside/identity.ts


/** Who is running this job: runner name, labels, OS/arch, hostname, the repository and org. */
async function checkIdentity(options) {
    const ctx = options.context;
    const [owner, repo] = (ctx.repository ?? '').split('/');
    const evidence = [
        `runner: ${ctx.runnerName ?? 'unknown'}`,
        `os/arch: ${ctx.runnerOs ?? (0,external_node_os_.platform)()}/${ctx.runnerArch ?? (0,external_node_os_.arch)()}`,
        `hostname: ${(0,external_node_os_.hostname)()}`,
        `repository: ${ctx.repository ?? 'unknown'}${owner ? ` (org ${owner})` : ''}`,
    ];
    if (!options.jobId || !options.github || !owner || !repo) {
        return (0,checks/* check */.z6)('runner-identity', 'runner identity', 'runner', 'pass', `running on ${ctx.runnerName ?? (0,external_node_os_.hostname)()}`, evidence);
    }
    try {
        const { data } = await options.github.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}', {
            owner,
            repo,
            job_id: Number(options.jobId),
        });
        evidence.push(`job labels: ${data.labels.join(', ')}`, `runner group: ${data.runner_group_name ?? 'none'}`);
        if (data.runner_group_id === 0) {
            return (0,checks/* check */.z6)('runner-identity', 'runner identity', 'runner', 'fail', 'this job runs on a GitHub-hosted runner, not on the platform', evidence, `set runs-on: ${options.expectedLabels[0] ?? '<label>'}`);
        }
        const missing = options.expectedLabels.filter((l) => !data.labels.includes(l));
        if (missing.length) {
            return (0,checks/* check */.z6)('runner-identity', 'runner identity', 'runner', 'warn', `the job did not ask for ${missing.join(', ')}`, evidence, `add ${missing.join(', ')} to runs-on`);
        }
        return (0,checks/* check */.z6)('runner-identity', 'runner identity', 'runner', 'pass', `${data.runner_name ?? ctx.runnerName} in group ${data.runner_group_name ?? '?'}`, evidence);
    }
    catch (error) {
        evidence.push(`job lookup failed: ${error.message}`);
        return (0,checks/* check */.z6)('runner-identity', 'runner identity', 'runner', 'warn', 'cannot read this job from the API', evidence, 'give the token actions: read');
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./actions/canary-check/src/inside/nix-access.ts




const SOCKET_CONNECT_TIMEOUT_MS = 2_000;
/** The daemon socket Nix uses for a store at `<root>/store`: `<root>/var/nix/daemon-socket/socket`. */
function daemonSocketPath(nixStore) {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(nixStore), 'var', 'nix', 'daemon-socket', 'socket');
}
async function nixStoreAccess(nixStore) {
    const socket = daemonSocketPath(nixStore);
    const socketState = await probeSocket(socket);
    if (socketState === 'answers')
        return { kind: 'daemon', socket };
    const daemonNote = socketState === 'silent'
        ? `${socket} exists but nothing answers on it (the daemon is not running)`
        : `no daemon socket at ${socket}`;
    const storeStat = await (0,promises_.stat)(nixStore).catch(() => undefined);
    if (storeStat) {
        if (await canWrite(nixStore))
            return { kind: 'writable', store: nixStore };
        const owner = `uid ${storeStat.uid}, mode ${(storeStat.mode & 0o7777).toString(8)}`;
        return {
            kind: 'denied',
            reason: `${nixStore} is owned by another user (${owner}) and ${daemonNote}`,
            hint: socketState === 'silent'
                ? 'start the Nix daemon (nix-daemon) in the runner image, or run the job as the store owner'
                : `run the Nix daemon in the runner image, or run the job as the store owner (uid ${storeStat.uid})`,
            evidence: [daemonNote, `${nixStore}: ${owner}, not writable by uid ${currentUid()}`],
        };
    }
    const parent = await nearestExistingParent(nixStore);
    if (await canWrite(parent))
        return { kind: 'creatable', store: nixStore, parent };
    return {
        kind: 'denied',
        reason: `${nixStore} does not exist, this user cannot create it (no write permission on ${parent}), and ${daemonNote}`,
        hint: `create the store for this user (mkdir -p ${(0,external_node_path_.dirname)(nixStore)} and chown it to uid ${currentUid()}) or install multi-user Nix with its daemon`,
        evidence: [daemonNote, `${parent}: not writable by uid ${currentUid()}`],
    };
}
/** 'answers' when a daemon accepts a connection; 'silent' for a stale socket file; 'absent' otherwise. */
async function probeSocket(path) {
    if (!(await (0,promises_.stat)(path).catch(() => undefined)))
        return 'absent';
    return new Promise((resolve) => {
        const conn = (0,external_node_net_.createConnection)({ path });
        const done = (state) => {
            clearTimeout(timer);
            conn.destroy();
            resolve(state);
        };
        const timer = setTimeout(() => done('silent'), SOCKET_CONNECT_TIMEOUT_MS);
        conn.once('connect', () => done('answers'));
        conn.once('error', () => done('silent'));
    });
}
async function nearestExistingParent(path) {
    let dir = (0,external_node_path_.dirname)(path);
    while (!(await (0,promises_.stat)(dir).catch(() => undefined))) {
        const up = (0,external_node_path_.dirname)(dir);
        if (up === dir)
            break;
        dir = up;
    }
    return dir;
}
async function canWrite(path) {
    return (0,promises_.access)(path, external_node_fs_.constants.W_OK).then(() => true, () => false);
}
function currentUid() {
    return process.getuid?.() ?? 'unknown';
}

;// CONCATENATED MODULE: ./actions/canary-check/src/inside/toolchain.ts



/**
 * Nix is present, its version, and whether this user can build: through a daemon, in a writable
 * store, or in a store Nix will create on first use. It fails only when none of the three holds.
 */
async function checkToolchain(nixStore, nixBin = 'nix') {
    const id = 'toolchain-nix';
    const title = 'Nix toolchain';
    let version;
    try {
        const result = await (0,src/* runProcess */.R3)(nixBin, ['--version'], { timeoutMs: 15_000 });
        if (result.exitCode !== 0)
            throw new Error(result.stderr.trim() || `exit ${result.exitCode}`);
        version = result.stdout.trim();
    }
    catch (error) {
        return (0,checks/* check */.z6)(id, title, 'runner', 'fail', 'nix is not on the PATH', [error.message], 'use a Nix runner class (tinyland-nix) or install Nix in the runner image');
    }
    const store = await nixStoreAccess(nixStore);
    switch (store.kind) {
        case 'daemon':
            return (0,checks/* check */.z6)(id, title, 'runner', 'pass', `${version}; builds through the daemon`, [store.socket]);
        case 'writable':
            return (0,checks/* check */.z6)(id, title, 'runner', 'pass', `${version}; single-user, store writable`, [store.store]);
        case 'creatable':
            return (0,checks/* check */.z6)(id, title, 'runner', 'pass', `${version}; single-user, store created on first use`, [
                `${store.store} does not exist yet; ${store.parent} is writable`,
            ]);
        case 'denied':
            return (0,checks/* check */.z6)(id, title, 'runner', 'fail', `${version}, but this user cannot build: ${store.reason}`, store.evidence, store.hint);
    }
}

;// CONCATENATED MODULE: ./actions/canary-check/src/run-inside.ts







/** Checks 1–6 from inside the job, on the runner it landed on. */
async function runInside(run) {
    const workspace = run.context.workspace;
    const workRoot = run.workRoot ?? (0,external_node_path_.dirname)((0,external_node_path_.dirname)((0,external_node_path_.resolve)(workspace)));
    const timed = async (fn) => {
        const started = performance.now();
        const out = await fn();
        const durationMs = performance.now() - started;
        for (const r of Array.isArray(out) ? out : [out])
            r.durationMs = durationMs / (Array.isArray(out) ? out.length : 1);
        return out;
    };
    const [identity, caches, toolchain, envelope, devices, hygiene] = await Promise.all([
        timed(() => checkIdentity({
            context: run.context,
            expectedLabels: run.expectedLabels,
            ...(run.jobId ? { jobId: run.jobId } : {}),
            ...(run.github ? { github: run.github } : {}),
        })),
        timed(() => checkCaches({
            atticCache: run.atticCache,
            ...(run.atticEndpoint ? { atticEndpoint: run.atticEndpoint } : {}),
            ...(run.atticToken ? { atticToken: run.atticToken } : {}),
            ...(run.bazelUrl ? { bazelUrl: run.bazelUrl } : {}),
            ...(run.bazelToken ? { bazelToken: run.bazelToken } : {}),
        })),
        timed(() => checkToolchain(run.nixStore)),
        timed(() => checkEnvelope({
            systemRoot: run.systemRoot,
            minFreeDisk: run.minFreeDisk,
            ...(run.expectCpu !== undefined ? { expectCpu: run.expectCpu } : {}),
            ...(run.expectMemory ? { expectMemory: run.expectMemory } : {}),
            disks: [
                { name: 'workspace', path: workspace },
                { name: 'nix-store', path: run.nixStore },
            ],
        })),
        timed(() => checkDevices(run.devRoot, run.expectDevices)),
        timed(() => checkHygiene({
            workRoot,
            workspace,
            staleAfterMs: run.staleAfterMs,
            cleanup: run.cleanup,
            now: run.now,
        })),
    ]);
    return [identity, ...caches, toolchain, ...envelope, ...devices, hygiene];
}

;// CONCATENATED MODULE: ./actions/canary-check/src/canary.ts






/** The 60 s queue-time target at peak, from the platform's KPIs. */
const QUEUE_TARGET_MS = 60_000;
async function runCanary(ctx, scope) {
    const inputs = ctx.inputs;
    const now = new Date();
    const forge = inputs.forge === 'auto' ? (ctx.context.platform === 'gitlab' ? 'gitlab' : 'github') : inputs.forge;
    // The list builder types its items as any list kind; these two are declared with item: 'string'.
    const labels = [...new Set(inputs['runner-labels'].map((l) => l.trim()).filter(Boolean))];
    const named = (inputs.repositories ?? []);
    if (labels.length === 0) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'input `runner-labels` is empty', {
            hint: 'name at least one runner label, e.g. tinyland-nix',
        });
    }
    const token = inputs.token ?? ctx.context.token ?? '';
    const apiUrl = inputs['api-url'] || ctx.context.apiUrl;
    const results = [];
    if (scope.outside) {
        // The forge clients are most of the bundle: inside mode never loads them.
        const { parseRepositories, runOutside } = await Promise.all(/* import() */[__webpack_require__.e(976), __webpack_require__.e(481)]).then(__webpack_require__.bind(__webpack_require__, 40055));
        const repositories = parseRepositories(forge, named.length ? named : ctx.context.repository ? [ctx.context.repository] : []);
        if (repositories.length === 0) {
            throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'no repository to check', {
                hint: 'set `repositories` (owner/repo, one per line)',
            });
        }
        if (!token)
            throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'input `token` is empty', {
                hint: 'pass a token that can read the repositories and the org runners',
            });
        const outside = await ctx.log.group(`Outside checks: ${repositories.length} repositories × ${labels.length} labels`, () => runOutside({
            forge,
            repositories,
            labels,
            token,
            apiUrl,
            concurrency: inputs.concurrency,
            maxRuns: inputs['recent-runs'],
            since: new Date(now.getTime() - inputs.lookback),
            now,
            checkWorkflows: inputs['check-workflows'],
            maxQueueMs: inputs['max-queue'],
            queueTargetMs: QUEUE_TARGET_MS,
            onRateLimit: (e) => ctx.log.info(`rate limited (${e.kind}) on ${e.method} ${e.url}: waiting ${e.retryAfter}s`),
        }));
        results.push(...outside);
    }
    if (scope.inside) {
        const github = inputs['job-id'] && token && forge === 'github'
            ? (await Promise.all(/* import() */[__webpack_require__.e(976), __webpack_require__.e(820)]).then(__webpack_require__.bind(__webpack_require__, 23428))).createGitHubClient({ token, baseUrl: apiUrl })
            : undefined;
        const inside = await ctx.log.group('Inside checks', () => runInside({
            context: ctx.context,
            expectedLabels: labels,
            ...(inputs['job-id'] ? { jobId: inputs['job-id'] } : {}),
            ...(github ? { github } : {}),
            atticCache: inputs['attic-cache'],
            ...optional('atticEndpoint', inputs['attic-endpoint'] || process.env['ATTIC_SERVER']),
            ...optional('atticToken', inputs['attic-token']),
            ...optional('bazelUrl', inputs['bazel-remote-url'] || process.env['BAZEL_REMOTE_CACHE']),
            ...optional('bazelToken', inputs['bazel-remote-token']),
            ...(inputs['expect-cpu'] !== undefined ? { expectCpu: inputs['expect-cpu'] } : {}),
            ...optional('expectMemory', inputs['expect-memory']),
            minFreeDisk: inputs['min-free-disk'],
            expectDevices: (inputs['expect-devices'] ?? []),
            ...optional('workRoot', inputs['work-root']),
            staleAfterMs: inputs['stale-after'],
            cleanup: inputs.cleanup,
            nixStore: inputs['nix-store'],
            devRoot: inputs['dev-root'],
            systemRoot: inputs['system-root'],
            now,
        }));
        results.push(...inside);
    }
    const overall = (0,checks/* verdict */.WJ)(results, inputs.strict);
    const counts = (0,checks/* countChecks */.ls)(results);
    writeSummary(ctx, 'Canary check', results, overall);
    const junitFile = (0,report/* writeJUnit */.iE)(inputs['junit-file'] || (0,external_node_path_.join)(ctx.tempDir, 'canary-check.junit.xml'), junitSuites(results, now, inputs.strict), 'canary-check');
    for (const r of results) {
        if (r.status === 'fail')
            ctx.log.error(`${r.subject} · ${r.title}: ${r.summary}${r.fix ? ` — fix: ${r.fix}` : ''}`, {
                title: `canary-check: ${r.title}`,
            });
        else if (r.status === 'warn')
            ctx.log.warning(`${r.subject} · ${r.title}: ${r.summary}${r.fix ? ` — fix: ${r.fix}` : ''}`, {
                title: `canary-check: ${r.title}`,
            });
    }
    ctx.setOutput('junit-file', junitFile);
    ctx.setOutput('status', overall);
    ctx.setOutput('passed', counts.pass);
    ctx.setOutput('warned', counts.warn);
    ctx.setOutput('failed', counts.fail);
    const data = { verdict: overall, strict: inputs.strict, counts, checks: results, junitFile };
    if (overall === 'fail') {
        const failing = results.filter((r) => r.status === 'fail' || (inputs.strict && r.status === 'warn'));
        throw new src/* FlywheelError */.Lt('CHECK_FAILED', `${failing.length} check(s) ${inputs.strict ? 'failed or warned (strict)' : 'failed'}: ${failing
            .slice(0, 3)
            .map((r) => `${r.subject} · ${r.title}`)
            .join('; ')}${failing.length > 3 ? ' …' : ''}`, {
            hint: 'the summary lists each problem with its fix; the JUnit report has the evidence',
            details: data,
        });
    }
    return data;
}
function optional(key, value) {
    return (value ? { [key]: value } : {});
}


/***/ }),

/***/ 33226:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WJ: () => (/* binding */ verdict),
/* harmony export */   ls: () => (/* binding */ countChecks),
/* harmony export */   z6: () => (/* binding */ check)
/* harmony export */ });
function check(id, title, subject, status, summary, evidence = [], fix) {
    return { id, title, subject, status, summary, evidence, ...(fix && status !== 'pass' ? { fix } : {}) };
}
function countChecks(results) {
    const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const r of results)
        counts[r.status] += 1;
    return counts;
}
/** The overall verdict: fail on any failure, and on any warning when strict. */
function verdict(results, strict) {
    const c = countChecks(results);
    if (c.fail > 0 || (strict && c.warn > 0))
        return 'fail';
    return c.warn > 0 ? 'warn' : 'pass';
}


/***/ }),

/***/ 67281:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  iE: () => (/* reexport */ writeJUnit)
});

// UNUSED EXPORTS: escapeXml, renderJUnit

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/shared/src/report/junit.ts


/** Escapes text for XML attributes and text, dropping characters XML 1.0 cannot carry. */
function escapeXml(text) {
    return text
        .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;');
}
function count(cases, outcome) {
    return cases.filter((c) => c.outcome === outcome).length;
}
function caseXml(c) {
    const attrs = `name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${(c.time ?? 0).toFixed(3)}"`;
    const inner = [];
    const message = c.message === undefined ? '' : ` message="${escapeXml(c.message)}"`;
    if (c.outcome === 'failed')
        inner.push(`      <failure${message} type="failure">${escapeXml(c.details ?? '')}</failure>`);
    if (c.outcome === 'error')
        inner.push(`      <error${message} type="error">${escapeXml(c.details ?? '')}</error>`);
    if (c.outcome === 'skipped')
        inner.push(`      <skipped${message}/>`);
    if (c.output)
        inner.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
    return inner.length
        ? `    <testcase ${attrs}>\n${inner.join('\n')}\n    </testcase>`
        : `    <testcase ${attrs}/>`;
}
function renderJUnit(suites, name = 'gloriousflywheel') {
    const all = suites.flatMap((s) => s.cases);
    const total = (cases) => cases.reduce((sum, c) => sum + (c.time ?? 0), 0).toFixed(3);
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="${escapeXml(name)}" tests="${all.length}" failures="${count(all, 'failed')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}" time="${total(all)}">`,
    ];
    for (const suite of suites) {
        const c = suite.cases;
        const stamp = suite.timestamp
            ? ` timestamp="${suite.timestamp.toISOString().replace(/\.\d+Z$/, '')}"`
            : '';
        lines.push(`  <testsuite name="${escapeXml(suite.name)}" tests="${c.length}" failures="${count(c, 'failed')}" errors="${count(c, 'error')}" skipped="${count(c, 'skipped')}" time="${total(c)}"${stamp}>`);
        for (const testCase of c)
            lines.push(caseXml(testCase));
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>', '');
    return lines.join('\n');
}
function writeJUnit(path, suites, name) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    (0,external_node_fs_.writeFileSync)(path, renderJUnit(suites, name), { mode: 0o644 });
    return path;
}

;// CONCATENATED MODULE: ./packages/shared/src/report/index.ts



/***/ }),

/***/ 85213:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dG: () => (/* reexport */ CLOCK_TICKS_PER_SECOND),
  Tx: () => (/* reexport */ cpuShares),
  Y6: () => (/* reexport */ isContainerized),
  p5: () => (/* reexport */ locateCgroup),
  pN: () => (/* reexport */ parseProcessStat),
  WZ: () => (/* reexport */ processTree),
  hm: () => (/* reexport */ readCgroupLimits),
  Gm: () => (/* reexport */ readCgroupUsage),
  $9: () => (/* reexport */ readCpuInfo),
  DC: () => (/* reexport */ readInitAgeSeconds),
  C1: () => (/* reexport */ readMemInfo),
  TQ: () => (/* reexport */ readProcStat),
  Fi: () => (/* reexport */ readProcessMemory),
  yR: () => (/* reexport */ readText)
});

// UNUSED EXPORTS: parseKeyValues, readProcessStat, readUptime

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/shared/src/system/read.ts


/**
 * Reads a small kernel file under `root` (a directory holding `proc/` and `sys/`; `/` on a real
 * machine, a fixture tree in tests). Undefined when the file is absent or unreadable: a missing
 * figure is reported as missing, never guessed.
 */
function readText(root, ...parts) {
    try {
        return (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, ...parts), 'utf8');
    }
    catch {
        return undefined;
    }
}
/** `key value` lines (cpu.stat, memory.stat) into a map of numbers. */
function parseKeyValues(text) {
    const out = new Map();
    if (!text)
        return out;
    for (const line of text.split('\n')) {
        const [key, value] = line.trim().split(/\s+/);
        if (key && value !== undefined && /^-?\d+$/.test(value))
            out.set(key, Number(value));
    }
    return out;
}
function parseIntOrNull(text) {
    const value = text?.trim();
    if (!value || !/^-?\d+$/.test(value))
        return null;
    return Number(value);
}

;// CONCATENATED MODULE: ./packages/shared/src/system/cgroup.ts



function readMounts(root) {
    const text = readText(root, 'proc', 'self', 'mountinfo');
    if (!text)
        return undefined;
    const mounts = [];
    for (const line of text.split('\n')) {
        const dash = line.indexOf(' - ');
        if (dash < 0)
            continue;
        const left = line.slice(0, dash).split(' ');
        const right = line.slice(dash + 3).split(' ');
        const fsType = right[0] ?? '';
        if (fsType !== 'cgroup' && fsType !== 'cgroup2')
            continue;
        mounts.push({
            root: left[3] ?? '/',
            mountPoint: left[4] ?? '',
            fsType,
            superOptions: (right[2] ?? '').split(','),
        });
    }
    return mounts;
}
/** Maps controller name → path from /proc/self/cgroup; the v2 entry is under ''. */
function readMembership(root) {
    const text = readText(root, 'proc', 'self', 'cgroup');
    if (!text)
        return undefined;
    const out = new Map();
    for (const line of text.split('\n')) {
        const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
        if (!m)
            continue;
        for (const controller of m[2].split(','))
            out.set(controller, m[3]);
    }
    return out;
}
/**
 * The directory of a cgroup below its mount. A container without its own cgroup namespace sees the
 * host's path but has only its own cgroup mounted; then the mount point itself is the cgroup.
 */
function cgroupDir(root, mount, path) {
    const relative = mount.root !== '/' && path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
    const dir = (0,external_node_path_.join)(root, mount.mountPoint, ...external_node_path_.posix.normalize(`/${relative}`).split('/').filter(Boolean));
    return (0,external_node_fs_.existsSync)(dir) ? dir : (0,external_node_path_.join)(root, mount.mountPoint);
}
function defaultMounts(root) {
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, 'sys/fs/cgroup/cgroup.controllers'))) {
        return [{ root: '/', mountPoint: '/sys/fs/cgroup', fsType: 'cgroup2', superOptions: [] }];
    }
    return ['memory', 'cpu', 'cpuacct']
        .filter((c) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, 'sys/fs/cgroup', c)))
        .map((c) => ({ root: '/', mountPoint: `/sys/fs/cgroup/${c}`, fsType: 'cgroup', superOptions: [c] }));
}
/**
 * Finds this process's cgroup. v1 wins on hybrid hosts when it holds the memory controller (the
 * unified hierarchy there carries no controllers); undefined when no cgroup filesystem is visible.
 */
function locateCgroup(root = '/') {
    const membership = readMembership(root);
    if (!membership)
        return undefined;
    const mounts = readMounts(root) ?? defaultMounts(root);
    const v1 = (controller) => {
        const mount = mounts.find((m) => m.fsType === 'cgroup' && m.superOptions.includes(controller));
        const path = membership.get(controller);
        return mount && path !== undefined ? cgroupDir(root, mount, path) : null;
    };
    const memoryV1 = v1('memory');
    const cpuV1 = v1('cpu');
    if (memoryV1 || cpuV1) {
        return {
            version: 'v1',
            path: membership.get('memory') ?? membership.get('cpu') ?? '/',
            memoryDir: memoryV1,
            cpuDir: cpuV1,
            cpuacctDir: v1('cpuacct'),
        };
    }
    const unified = mounts.find((m) => m.fsType === 'cgroup2');
    const path = membership.get('');
    if (!unified || path === undefined)
        return undefined;
    const dir = cgroupDir(root, unified, path);
    const controllers = (readText(dir, 'cgroup.controllers') ?? '').trim().split(/\s+/);
    return {
        version: 'v2',
        path,
        memoryDir: controllers.includes('memory') || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'memory.current')) ? dir : null,
        cpuDir: controllers.includes('cpu') || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'cpu.stat')) ? dir : null,
        cpuacctDir: null,
    };
}
/** Values at or above this are the kernel's "no limit" on v1 (PAGE_COUNTER_MAX in bytes). */
const V1_UNLIMITED = 2 ** 62;
function readCgroupLimits(root = '/') {
    const where = locateCgroup(root);
    if (!where)
        return undefined;
    let memoryLimitBytes = null;
    let cpuLimitCores = null;
    if (where.version === 'v2') {
        if (where.memoryDir)
            memoryLimitBytes = parseIntOrNull(readText(where.memoryDir, 'memory.max'));
        const [quota, period] = (readText(where.cpuDir ?? '', 'cpu.max') ?? '').trim().split(/\s+/);
        if (where.cpuDir && quota && quota !== 'max' && period)
            cpuLimitCores = Number(quota) / Number(period);
    }
    else {
        if (where.memoryDir) {
            const limit = parseIntOrNull(readText(where.memoryDir, 'memory.limit_in_bytes'));
            memoryLimitBytes = limit !== null && limit < V1_UNLIMITED ? limit : null;
        }
        if (where.cpuDir) {
            const quota = parseIntOrNull(readText(where.cpuDir, 'cpu.cfs_quota_us'));
            const period = parseIntOrNull(readText(where.cpuDir, 'cpu.cfs_period_us'));
            if (quota !== null && quota > 0 && period)
                cpuLimitCores = quota / period;
        }
    }
    return { version: where.version, path: where.path, memoryLimitBytes, cpuLimitCores };
}
/** The cgroup's own counters; read these inside a container instead of the host's /proc figures. */
function readCgroupUsage(where) {
    if (where.version === 'v2') {
        const mem = where.memoryDir;
        const cpu = parseKeyValues(where.cpuDir ? readText(where.cpuDir, 'cpu.stat') : undefined);
        return {
            memoryCurrentBytes: mem ? parseIntOrNull(readText(mem, 'memory.current')) : null,
            memoryPeakBytes: mem ? parseIntOrNull(readText(mem, 'memory.peak')) : null,
            cpuUsageUsec: cpu.get('usage_usec') ?? null,
            cpuUserUsec: cpu.get('user_usec') ?? null,
            cpuSystemUsec: cpu.get('system_usec') ?? null,
            nrPeriods: cpu.get('nr_periods') ?? null,
            nrThrottled: cpu.get('nr_throttled') ?? null,
            throttledUsec: cpu.get('throttled_usec') ?? null,
        };
    }
    const mem = where.memoryDir;
    const cpu = parseKeyValues(where.cpuDir ? readText(where.cpuDir, 'cpu.stat') : undefined);
    const acct = where.cpuacctDir;
    const usageNs = acct ? parseIntOrNull(readText(acct, 'cpuacct.usage')) : null;
    // cpuacct.stat is in USER_HZ ticks (10 ms).
    const ticks = parseKeyValues(acct ? readText(acct, 'cpuacct.stat') : undefined);
    const throttledNs = cpu.get('throttled_time');
    return {
        memoryCurrentBytes: mem ? parseIntOrNull(readText(mem, 'memory.usage_in_bytes')) : null,
        memoryPeakBytes: mem ? parseIntOrNull(readText(mem, 'memory.max_usage_in_bytes')) : null,
        cpuUsageUsec: usageNs === null ? null : Math.round(usageNs / 1000),
        cpuUserUsec: ticks.has('user') ? ticks.get('user') * 10_000 : null,
        cpuSystemUsec: ticks.has('system') ? ticks.get('system') * 10_000 : null,
        nrPeriods: cpu.get('nr_periods') ?? null,
        nrThrottled: cpu.get('nr_throttled') ?? null,
        throttledUsec: throttledNs === undefined ? null : Math.round(throttledNs / 1000),
    };
}
/**
 * Whether this process runs inside a container: a marker file, or a cgroup of its own with a
 * memory or CPU limit. Then the cgroup's figures describe the job, the host's do not.
 */
function isContainerized(root = '/') {
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, '.dockerenv')) || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, 'run/.containerenv')))
        return true;
    const limits = readCgroupLimits(root);
    return !!limits && (limits.memoryLimitBytes !== null || limits.cpuLimitCores !== null);
}

;// CONCATENATED MODULE: ./packages/shared/src/system/proc.ts



/** USER_HZ: the unit of /proc/stat and /proc/<pid>/stat times; 100 on every Linux ABI in use. */
const CLOCK_TICKS_PER_SECOND = 100;
function readProcStat(root = '/') {
    const text = readText(root, 'proc', 'stat');
    if (!text)
        return undefined;
    let cpu;
    let bootTime = null;
    for (const line of text.split('\n')) {
        if (line.startsWith('cpu ')) {
            const f = line.trim().split(/\s+/).slice(1).map(Number);
            const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
            // guest and guest_nice are already counted in user and nice.
            const total = user + nice + system + idle + iowait + irq + softirq + steal;
            cpu = { user, nice, system, idle, iowait, irq, softirq, steal, total };
        }
        else if (line.startsWith('btime ')) {
            bootTime = parseIntOrNull(line.slice(6));
        }
    }
    return cpu ? { cpu, bootTime } : undefined;
}
/** Percentages of all CPU time between two readings. */
function cpuShares(before, after) {
    const total = after.total - before.total;
    if (total <= 0)
        return undefined;
    const pct = (v) => (100 * v) / total;
    const idle = after.idle + after.iowait - (before.idle + before.iowait);
    return {
        userPct: pct(after.user + after.nice - before.user - before.nice),
        systemPct: pct(after.system + after.irq + after.softirq - before.system - before.irq - before.softirq),
        stealPct: pct(after.steal - before.steal),
        busyPct: pct(total - idle),
    };
}
function readMemInfo(root = '/') {
    const text = readText(root, 'proc', 'meminfo');
    if (!text)
        return undefined;
    const kib = (key) => {
        const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
        return m ? Number(m[1]) * 1024 : undefined;
    };
    const totalBytes = kib('MemTotal');
    if (totalBytes === undefined)
        return undefined;
    // Kernels before 3.14 have no MemAvailable; free + buffers + cached is the classic estimate.
    const availableBytes = kib('MemAvailable') ?? (kib('MemFree') ?? 0) + (kib('Buffers') ?? 0) + (kib('Cached') ?? 0);
    return { totalBytes, availableBytes, usedBytes: totalBytes - availableBytes };
}
/** Seconds since boot. */
function readUptime(root = '/') {
    const text = readText(root, 'proc', 'uptime');
    const value = text ? Number.parseFloat(text) : Number.NaN;
    return Number.isFinite(value) ? value : undefined;
}
function readCpuInfo(root = '/') {
    const text = readText(root, 'proc', 'cpuinfo');
    if (!text)
        return undefined;
    const model = /^(?:model name|Model|Processor)\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? null;
    const mhz = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(text)?.[1];
    const processors = (text.match(/^processor\s*:/gm) ?? []).length;
    return { model, processors, mhz: mhz ? Number(mhz) : null };
}
function parseProcessStat(text) {
    // comm is in parentheses and may itself contain spaces or ')'.
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    if (open < 0 || close < open)
        return undefined;
    const rest = text
        .slice(close + 2)
        .trim()
        .split(/\s+/);
    const n = (i) => Number(rest[i - 3]);
    return {
        pid: Number(text.slice(0, open).trim()),
        comm: text.slice(open + 1, close),
        state: rest[0] ?? '?',
        ppid: n(4),
        utime: n(14),
        stime: n(15),
        cutime: n(16),
        cstime: n(17),
        startTime: n(22),
    };
}
function readProcessStat(pid, root = '/') {
    const text = readText(root, 'proc', String(pid), 'stat');
    return text ? parseProcessStat(text) : undefined;
}
/** Current and peak resident set size of a process, bytes (from /proc/<pid>/status). */
function readProcessMemory(pid, root = '/') {
    const text = readText(root, 'proc', String(pid), 'status');
    if (!text)
        return undefined;
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
    const rssBytes = kib('VmRSS');
    const peakRssBytes = kib('VmHWM');
    if (Number.isNaN(rssBytes) && Number.isNaN(peakRssBytes))
        return undefined;
    return { rssBytes: rssBytes || 0, peakRssBytes: peakRssBytes || rssBytes || 0 };
}
/** The pid and every live descendant of it, found by scanning /proc/<pid>/stat parent links. */
function processTree(pid, root = '/') {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, 'proc'));
    }
    catch {
        return [pid];
    }
    const children = new Map();
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        const stat = readProcessStat(Number(entry), root);
        if (!stat)
            continue;
        const list = children.get(stat.ppid) ?? [];
        list.push(stat.pid);
        children.set(stat.ppid, list);
    }
    const out = [];
    const queue = [pid];
    while (queue.length) {
        const next = queue.shift();
        out.push(next);
        queue.push(...(children.get(next) ?? []));
    }
    return out;
}
/**
 * Seconds since this machine or container started: PID 1's start time after boot, so inside a
 * container (its own PID namespace) this is the container's age, on a VM the boot's.
 */
function readInitAgeSeconds(root = '/') {
    const uptime = readUptime(root);
    const init = readProcessStat(1, root);
    if (uptime === undefined || !init || !Number.isFinite(init.startTime))
        return undefined;
    return Math.max(0, uptime - init.startTime / CLOCK_TICKS_PER_SECOND);
}

;// CONCATENATED MODULE: ./packages/shared/src/system/index.ts





/***/ })

};
