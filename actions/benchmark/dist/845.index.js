export const id = 845;
export const ids = [845];
export const modules = {

/***/ 95845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/shared/src/index.ts + 23 modules
var src = __webpack_require__(18964);
// EXTERNAL MODULE: ./packages/shared/src/stats/descriptive.ts
var descriptive = __webpack_require__(3965);
;// CONCATENATED MODULE: ./packages/shared/src/stats/outliers.ts

/** Iglewicz & Hoaglin: |modified z| above 3.5 is a likely outlier. */
const DEFAULT_OUTLIER_THRESHOLD = 3.5;
/**
 * Modified z-scores 0.6745·(x − median)/MAD. When more than half the sample is identical the MAD
 * is 0; then the mean absolute deviation (scaled by 1.253314) stands in, and when that is 0 too
 * every value equals the median and no score is non-zero.
 */
function modifiedZScores(values) {
    if (values.length === 0)
        return [];
    const m = (0,descriptive/* median */.JZ)(values);
    const deviations = values.map((v) => Math.abs(v - m));
    const madValue = (0,descriptive/* median */.JZ)(deviations);
    if (madValue > 0)
        return values.map((v) => (0.6745 * (v - m)) / madValue);
    const meanAd = (0,descriptive/* mean */.i2)(deviations);
    if (meanAd > 0)
        return values.map((v) => (v - m) / (1.253314 * meanAd));
    return values.map(() => 0);
}
function flagOutliers(values, threshold = DEFAULT_OUTLIER_THRESHOLD) {
    const scores = modifiedZScores(values);
    const indexes = [];
    scores.forEach((s, i) => {
        if (Math.abs(s) > threshold)
            indexes.push(i);
    });
    return { scores, indexes, threshold };
}

;// CONCATENATED MODULE: ./packages/shared/src/stats/random.ts
function seededRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** A standard normal deviate (Box–Muller). */
function normal(random) {
    let u = 0;
    while (u === 0)
        u = random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

;// CONCATENATED MODULE: ./packages/shared/src/stats/bootstrap.ts


function resampledMedian(values, random, scratch) {
    const n = values.length;
    for (let i = 0; i < n; i++)
        scratch[i] = values[Math.floor(random() * n)];
    scratch.sort();
    return (0,descriptive/* quantileSorted */.Z4)(scratch, 0.5);
}
/**
 * Percentile bootstrap confidence interval of the ratio of medians, current over baseline. Seeded,
 * so the same samples always give the same interval.
 */
function bootstrapMedianRatio(baseline, current, options = {}) {
    const confidence = options.confidence ?? 0.95;
    const resamples = options.resamples ?? 2000;
    const random = seededRandom(options.seed ?? 0x5eed);
    const sb = new Float64Array(baseline.length);
    const sc = new Float64Array(current.length);
    const ratios = new Float64Array(resamples);
    for (let i = 0; i < resamples; i++) {
        ratios[i] = resampledMedian(current, random, sc) / resampledMedian(baseline, random, sb);
    }
    ratios.sort();
    const alpha = (1 - confidence) / 2;
    const mb = (0,descriptive/* quantileSorted */.Z4)(Float64Array.from(baseline).sort(), 0.5);
    const mc = (0,descriptive/* quantileSorted */.Z4)(Float64Array.from(current).sort(), 0.5);
    return {
        ratio: mc / mb,
        low: (0,descriptive/* quantileSorted */.Z4)(ratios, alpha),
        high: (0,descriptive/* quantileSorted */.Z4)(ratios, 1 - alpha),
        confidence,
        resamples,
    };
}

;// CONCATENATED MODULE: ./packages/shared/src/stats/mann-whitney.ts
function mannWhitneyU(a, b) {
    const n1 = a.length;
    const n2 = b.length;
    if (n1 === 0 || n2 === 0)
        return { u: Number.NaN, z: Number.NaN, pTwoSided: 1, pGreater: 1, pLess: 1 };
    const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
    const n = n1 + n2;
    let rankSumA = 0;
    let tieTerm = 0;
    for (let i = 0; i < n;) {
        let j = i;
        while (j + 1 < n && all[j + 1].v === all[i].v)
            j++;
        const rank = (i + j) / 2 + 1;
        const t = j - i + 1;
        if (t > 1)
            tieTerm += t ** 3 - t;
        for (let k = i; k <= j; k++)
            if (all[k].g === 0)
                rankSumA += rank;
        i = j + 1;
    }
    const u = rankSumA - (n1 * (n1 + 1)) / 2;
    const meanU = (n1 * n2) / 2;
    const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
    if (variance <= 0)
        return { u, z: 0, pTwoSided: 1, pGreater: 1, pLess: 1 };
    const sd = Math.sqrt(variance);
    const diff = u - meanU;
    const z = diff === 0 ? 0 : (diff - Math.sign(diff) * 0.5) / sd;
    // U counts a > b; a small U means b is larger.
    const pGreater = normalCdf((u - meanU + 0.5) / sd);
    const pLess = 1 - normalCdf((u - meanU - 0.5) / sd);
    return { u, z, pTwoSided: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), pGreater, pLess };
}
/** Φ(x) by the Abramowitz–Stegun 7.1.26 erf approximation (error < 1.5e-7). */
function normalCdf(x) {
    const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    const erf = 1 - poly * Math.exp(-(x * x) / 2);
    return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

;// CONCATENATED MODULE: ./packages/shared/src/stats/regression.ts



/**
 * Compares a current sample with a baseline the way the benchmark gate needs on noisy machines:
 * a change is reported only when both the Mann–Whitney test is significant and the bootstrap
 * interval of the median ratio lies wholly beyond 1, and the point ratio exceeds the minimum effect.
 * Never compares single points.
 */
function detectRegression(baseline, current, options = {}) {
    const alpha = options.alpha ?? 0.05;
    const minEffect = options.minEffect ?? 0.05;
    const minSamples = options.minSamples ?? 5;
    const base = {
        baselineN: baseline.length,
        currentN: current.length,
        alpha,
        minEffect,
    };
    if (baseline.length < minSamples || current.length < minSamples) {
        return {
            ...base,
            verdict: 'insufficient data',
            reason: `need at least ${minSamples} values on each side (baseline ${baseline.length}, current ${current.length})`,
            baselineMedian: baseline.length ? (0,descriptive/* median */.JZ)(baseline) : null,
            currentMedian: current.length ? (0,descriptive/* median */.JZ)(current) : null,
            ratio: null,
            ci: null,
            pValue: null,
        };
    }
    const mw = mannWhitneyU(baseline, current);
    const interval = bootstrapMedianRatio(baseline, current, {
        confidence: options.confidence ?? 0.95,
        resamples: options.resamples ?? 2000,
        seed: options.seed ?? 0x5eed,
    });
    const ratio = interval.ratio;
    const significant = mw.pTwoSided < alpha;
    const slower = ratio >= 1 + minEffect && interval.low > 1;
    const faster = ratio <= 1 / (1 + minEffect) && interval.high < 1;
    let verdict = 'no change';
    if (significant && (slower || faster)) {
        const worse = options.biggerIsBetter ? faster : slower;
        verdict = worse ? 'regression' : 'improvement';
    }
    const pct = ((ratio - 1) * 100).toFixed(1);
    const reason = verdict === 'no change'
        ? `median ratio ${ratio.toFixed(3)} (${pct} %), p=${mw.pTwoSided.toPrecision(3)}: not both significant (p < ${alpha}) and beyond the ${minEffect * 100} % minimum effect`
        : `median ratio ${ratio.toFixed(3)} (${pct} %), ${interval.confidence * 100} % CI [${interval.low.toFixed(3)}, ${interval.high.toFixed(3)}], p=${mw.pTwoSided.toPrecision(3)}`;
    return {
        ...base,
        verdict,
        reason,
        baselineMedian: (0,descriptive/* median */.JZ)(baseline),
        currentMedian: (0,descriptive/* median */.JZ)(current),
        ratio,
        ci: { low: interval.low, high: interval.high, confidence: interval.confidence },
        pValue: mw.pTwoSided,
    };
}

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




// EXTERNAL MODULE: ./actions/benchmark/src/record.ts
var src_record = __webpack_require__(27182);
;// CONCATENATED MODULE: ./actions/benchmark/src/baseline-cache.ts



/**
 * Baselines kept with the Actions cache: one immutable key per run, restored by prefix, so matrix
 * jobs never race and no branch is pushed to. The prefix carries the runner label, the workload and
 * the fingerprint, so only like is compared with like.
 */
function cachePrefix(key) {
    const safe = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
    return `flywheel-benchmark-v1-${safe(key.runnerLabel)}-${safe(key.workload)}-${key.fingerprint}-`;
}
/**
 * @actions/cache (with its storage SDKs) is most of this action's weight and only needed when a
 * baseline is kept in the cache, so it is loaded on first use rather than at every start.
 */
const loadCache = () => __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 61691));
async function cacheAvailable() {
    try {
        return (await loadCache()).isFeatureAvailable();
    }
    catch {
        return false;
    }
}
/** Restores the newest history for the key into dir; returns the key that hit, if any. */
async function restoreHistory(dir, key, uniqueSuffix) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const prefix = cachePrefix(key);
    return (await loadCache()).restoreCache([dir], `${prefix}${uniqueSuffix}`, [prefix]);
}
/** Adds the new record, keeps the last `keep` files, and saves the folder under a fresh key. */
async function saveHistory(dir, key, uniqueSuffix, record, keep) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, (0,src_record/* recordFileName */.Tb)(record)), `${JSON.stringify(record)}\n`);
    const files = (0,external_node_fs_.readdirSync)(dir)
        .filter((f) => f.endsWith('.json'))
        .sort();
    for (const old of files.slice(0, Math.max(0, files.length - keep)))
        (0,external_node_fs_.rmSync)((0,external_node_path_.join)(dir, old));
    return (await loadCache()).saveCache([dir], `${cachePrefix(key)}${uniqueSuffix}`);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./actions/benchmark/src/fingerprint.ts




function osName(root) {
    const text = readText(root, 'etc', 'os-release');
    const pretty = text ? /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] : undefined;
    return pretty ?? (0,external_node_os_.type)();
}
async function nixVersion(env) {
    try {
        const result = await (0,src/* runProcess */.R3)('nix', ['--version'], { env, timeoutMs: 10_000 });
        return result.exitCode === 0 ? result.stdout.trim().replace(/^nix \(Nix\) /, '') : null;
    }
    catch {
        return null;
    }
}
async function fingerprint(options) {
    const env = options.env ?? process.env;
    const root = options.root ?? '/';
    const limits = readCgroupLimits(root);
    const cpu = readCpuInfo(root);
    const processors = cpu?.processors || (0,external_node_os_.availableParallelism)();
    const cores = limits?.cpuLimitCores ? Math.min(processors, limits.cpuLimitCores) : processors;
    const image = env['ImageOS'] && env['ImageVersion']
        ? `${env['ImageOS']}/${env['ImageVersion']}`
        : (env['RUNNER_IMAGE'] ?? env['CI_JOB_IMAGE'] ?? null);
    const fields = {
        labels: [...options.labels].sort(),
        os: osName(root),
        kernel: (0,external_node_os_.release)(),
        cpuModel: cpu?.model ?? null,
        cores,
        memoryLimitBytes: limits?.memoryLimitBytes ?? (0,external_node_os_.totalmem)(),
        image,
        nixVersion: await nixVersion(env),
    };
    return { ...fields, hash: fingerprintHash(fields) };
}
/** Kernel patch level is left out: it changes often and rarely moves a benchmark. */
function fingerprintHash(f) {
    const stable = [
        f.labels.join(','),
        f.os,
        f.cpuModel ?? '',
        f.cores,
        f.memoryLimitBytes,
        f.image ?? '',
        f.nixVersion ?? '',
    ];
    return (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 12);
}

// EXTERNAL MODULE: ./actions/benchmark/src/history.ts
var src_history = __webpack_require__(28571);
;// CONCATENATED MODULE: ./actions/benchmark/src/hit-rates.ts


/**
 * Bazel's closing summary: `INFO: 1234 processes: 1000 remote cache hit, 200 linux-sandbox, 34
 * internal.` The hit rate is remote cache hits over the actions that could have hit (internal ones
 * never can). Disk cache hits count as hits. The last summary in the log wins.
 */
function bazelHitRateFromLog(text) {
    const lines = text.match(/INFO: [\d,]+ process(?:es)?: .*$/gm);
    const last = lines?.at(-1);
    if (!last)
        return null;
    const total = Number(/INFO: ([\d,]+) process/.exec(last)[1].replace(/,/g, ''));
    const count = (what) => {
        let sum = 0;
        for (const m of last.matchAll(new RegExp(`([\\d,]+) ${what.source}`, 'g')))
            sum += Number(m[1].replace(/,/g, ''));
        return sum;
    };
    const hits = count(/(?:remote|disk) cache hit/);
    const eligible = total - count(/internal/);
    return eligible > 0 ? (100 * hits) / eligible : null;
}
function bazelHitRateFromFile(path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', `bazel-log ${path} cannot be read: ${error.message}`, { cause: error });
    }
    return bazelHitRateFromLog(text);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./actions/benchmark/src/measure.ts



/*
 * The wrapper shell runs the workload, then reads its own /proc/<pid>/stat with builtins only (no
 * fork): cutime/cstime there hold the CPU time of every descendant it waited for, the figure
 * getrusage(RUSAGE_CHILDREN) would give. fd 3 carries that line back and is closed for the workload.
 * A script is eval'ed in the wrapper itself, so no second shell is started.
 */
const REPORT = 's=$?; read -r l < /proc/$$/stat 2>/dev/null && printf "%s\\n" "$l" >&3; exit $s';
const SCRIPT_WRAPPER = `eval "$1" 3>&-; ${REPORT}`;
const ARGV_WRAPPER = `"$@" 3>&-; ${REPORT}`;
function wrapperArgs(workload) {
    return workload.kind === 'script'
        ? ['-c', SCRIPT_WRAPPER, 'flywheel-benchmark', workload.script]
        : ['-c', ARGV_WRAPPER, 'flywheel-benchmark', ...workload.argv];
}
/** Runs the workload once and measures it. A non-zero exit is recorded, not thrown. */
function measureRun(workload, index, warmup, options = {}) {
    return new Promise((resolve, reject) => {
        const startedAt = new Date().toISOString();
        const start = process.hrtime.bigint();
        const child = (0,external_node_child_process_.spawn)('/bin/sh', wrapperArgs(workload), {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
            detached: true,
        });
        let end;
        let statLine = '';
        let peak = 0;
        let timedOut = false;
        child.stdout?.on('data', (c) => options.onStdout?.(c));
        child.stderr?.on('data', (c) => options.onStderr?.(c));
        const report = child.stdio[3];
        report?.on('data', (c) => {
            statLine += c.toString('utf8');
        });
        const pollPeak = () => {
            if (!child.pid)
                return;
            for (const pid of processTree(child.pid)) {
                const mem = readProcessMemory(pid);
                if (mem && mem.peakRssBytes > peak)
                    peak = mem.peakRssBytes;
            }
        };
        const poll = options.rssPollMs ? setInterval(pollPeak, options.rssPollMs) : undefined;
        const timer = options.timeoutMs
            ? setTimeout(() => {
                timedOut = true;
                try {
                    if (child.pid)
                        process.kill(-child.pid, 'SIGKILL');
                }
                catch {
                    // already gone
                }
            }, options.timeoutMs)
            : undefined;
        child.on('exit', () => {
            end = process.hrtime.bigint();
        });
        child.on('error', (error) => {
            if (poll)
                clearInterval(poll);
            if (timer)
                clearTimeout(timer);
            reject(new src/* FlywheelError */.Lt('PROCESS_FAILED', `the workload could not start: ${error.message}`, {
                cause: error,
            }));
        });
        child.on('close', (code, signal) => {
            if (poll)
                clearInterval(poll);
            if (timer)
                clearTimeout(timer);
            const rawWallMs = Number((end ?? process.hrtime.bigint()) - start) / 1e6;
            const wallMs = Math.max(0, rawWallMs - (options.overheadMs ?? 0));
            if (timedOut) {
                reject(new src/* FlywheelError */.Lt('TIMEOUT', `run ${index + 1} did not finish within ${options.timeoutMs} ms and was stopped`, {
                    hint: 'raise `run-timeout` or make the workload smaller',
                }));
                return;
            }
            const stat = parseProcessStat(statLine.trim());
            const ms = (ticks) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
            resolve({
                index,
                warmup,
                startedAt,
                wallMs,
                rawWallMs,
                userMs: stat ? ms(stat.utime + stat.cutime) : null,
                systemMs: stat ? ms(stat.stime + stat.cstime) : null,
                peakRssBytes: peak > 0 ? peak : null,
                exitCode: code ?? 128,
                signal: signal ?? null,
            });
        });
    });
}
/**
 * The median cost of the wrapper with an empty script: starting the shell and the report. What is
 * left after subtracting it is the workload's fork, exec and run time — hyperfine subtracts an empty
 * shell the same way, but its shell execs the command without a fork, so ours stays one fork
 * (about a millisecond, a few on a slow-forking sandbox) more conservative.
 */
async function calibrateShell(runs = 10, options = {}) {
    const times = [];
    for (let i = 0; i < runs; i++)
        times.push((await measureRun({ kind: 'script', script: ':' }, i, true, options)).rawWallMs);
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}

// EXTERNAL MODULE: ./actions/benchmark/src/report-dir.ts
var report_dir = __webpack_require__(42919);
// EXTERNAL MODULE: ./actions/benchmark/src/reports.ts + 2 modules
var src_reports = __webpack_require__(83283);
;// CONCATENATED MODULE: ./actions/benchmark/src/sampler.ts

const delta = (now, before) => now === null || now === undefined || before === null || before === undefined ? null : now - before;
/**
 * Samples CPU (user, system, steal), memory and — in a container — the cgroup's memory and CPU
 * throttling on a drift-corrected timer. Each tick reads a handful of small kernel files
 * synchronously (microseconds), so the overhead stays far below the 0.5 %-of-a-core budget.
 */
class ResourceSampler {
    options;
    samples = [];
    timer;
    started = 0;
    ticks = 0;
    previous;
    root;
    cgroup;
    constructor(options) {
        this.options = options;
        this.root = options.root ?? '/';
        this.cgroup = options.cgroup ? locateCgroup(this.root) : undefined;
    }
    start() {
        this.started = performance.now();
        this.previous = this.read(0).previous;
        this.schedule();
    }
    /** Takes a last sample (so a short workload still has one) and stops. */
    stop() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = undefined;
        if (this.previous)
            this.sample();
        this.previous = undefined;
        return this.samples;
    }
    schedule() {
        this.ticks += 1;
        const due = this.started + this.ticks * this.options.intervalMs;
        this.timer = setTimeout(() => {
            this.sample();
            this.schedule();
        }, Math.max(0, due - performance.now()));
        this.timer.unref();
    }
    sample() {
        const t = performance.now() - this.started;
        const { sample, previous } = this.read(t);
        if (sample)
            this.samples.push(sample);
        this.previous = previous;
    }
    read(t) {
        const stat = readProcStat(this.root);
        const mem = readMemInfo(this.root);
        const usage = this.cgroup ? readCgroupUsage(this.cgroup) : undefined;
        const previous = {
            at: t,
            ...(stat ? { cpu: stat.cpu } : {}),
            cgroupUsageUsec: usage?.cpuUsageUsec ?? null,
            nrThrottled: usage?.nrThrottled ?? null,
            throttledUsec: usage?.throttledUsec ?? null,
        };
        const before = this.previous;
        if (!before)
            return { previous };
        const shares = before.cpu && stat ? cpuShares(before.cpu, stat.cpu) : undefined;
        const elapsedUsec = (t - before.at) * 1000;
        const usedUsec = delta(previous.cgroupUsageUsec, before.cgroupUsageUsec);
        const throttled = delta(previous.throttledUsec, before.throttledUsec);
        return {
            previous,
            sample: {
                t: Math.round(t),
                cpuUserPct: shares?.userPct ?? null,
                cpuSystemPct: shares?.systemPct ?? null,
                cpuStealPct: shares?.stealPct ?? null,
                memUsedBytes: mem?.usedBytes ?? null,
                cgroupMemoryBytes: usage?.memoryCurrentBytes ?? null,
                cgroupCpuPct: usedUsec !== null && elapsedUsec > 0 ? (100 * usedUsec) / elapsedUsec : null,
                throttledPeriods: delta(previous.nrThrottled, before.nrThrottled),
                throttledMs: throttled === null ? null : throttled / 1000,
            },
        };
    }
}

;// CONCATENATED MODULE: ./actions/benchmark/src/start.ts

/** Without the API, a container younger than this at our step is taken as started for the job. */
const COLD_AGE_GUESS_SECONDS = 600;
/** API timestamps are whole seconds; allow for that when comparing with the container's start. */
const SLACK_SECONDS = 2;
function classifyStart(timing, now, root = '/') {
    const age = readInitAgeSeconds(root) ?? null;
    const containerStartedAt = age === null ? null : new Date(now.getTime() - age * 1000);
    const startSeconds = timing?.queueSeconds ?? null;
    const base = {
        containerAgeSeconds: age === null ? null : Math.round(age * 10) / 10,
        containerStartedAt: containerStartedAt?.toISOString() ?? null,
        startSeconds,
    };
    if (!containerStartedAt)
        return { ...base, kind: 'unknown', reason: "the container's start time is unreadable" };
    if (timing) {
        const created = Date.parse(timing.createdAt);
        const cold = containerStartedAt.getTime() >= created - SLACK_SECONDS * 1000;
        return {
            ...base,
            kind: cold ? 'cold' : 'warm',
            reason: cold
                ? 'the runner started after the job was queued: it was started for this job'
                : 'the runner was already up when the job was queued',
        };
    }
    const cold = age < COLD_AGE_GUESS_SECONDS;
    return {
        ...base,
        kind: cold ? 'cold' : 'warm',
        reason: `no job timing: guessed from the container's age (${Math.round(age)} s ${cold ? '<' : '≥'} ${COLD_AGE_GUESS_SECONDS} s)`,
    };
}

// EXTERNAL MODULE: ./actions/benchmark/src/summary.ts
var summary = __webpack_require__(91591);
// EXTERNAL MODULE: ./actions/benchmark/src/workloads.ts
var workloads = __webpack_require__(10389);
;// CONCATENATED MODULE: ./actions/benchmark/src/modes/run.ts

















async function readTiming(ctx) {
    const { context, inputs } = ctx;
    try {
        // The forge clients are loaded only when a job's timing is read: most of the bundle's weight.
        const { createGitHubClient, createGitLabClient } = await Promise.all(/* import() */[__webpack_require__.e(976), __webpack_require__.e(820)]).then(__webpack_require__.bind(__webpack_require__, 23428));
        const { githubJobTiming, gitlabJobTiming } = await Promise.all(/* import() */[__webpack_require__.e(976), __webpack_require__.e(368)]).then(__webpack_require__.bind(__webpack_require__, 9096));
        if (ctx.platform.kind === 'github' && inputs.token && context.repository) {
            const [owner, repo] = context.repository.split('/');
            const client = createGitHubClient({ token: inputs.token, baseUrl: context.apiUrl });
            return await githubJobTiming(client, {
                owner,
                repo,
                ...(inputs['job-id'] ? { jobId: inputs['job-id'] } : {}),
                ...(context.runId ? { runId: Number(context.runId) } : {}),
                ...(context.runnerName ? { runnerName: context.runnerName } : {}),
            });
        }
        if (ctx.platform.kind === 'gitlab' && context.repository && context.jobId) {
            const jobToken = context.token;
            const client = createGitLabClient({
                host: context.serverUrl,
                ...(inputs.token ? { token: inputs.token } : jobToken ? { jobToken } : {}),
            });
            return await gitlabJobTiming(client, context.repository, Number(context.jobId));
        }
        ctx.log.info('Queue wait and start time need the forge API: set `token` (GitHub) to measure them.');
    }
    catch (error) {
        ctx.log.warning(`Queue wait is not measured: ${error.message}`);
    }
    return null;
}
function hitRates(ctx) {
    const i = ctx.inputs;
    // attic-setup gives shares (0–1); results and KPIs use percent.
    const pct = (share) => (share === undefined ? null : share * 100);
    const bazel = pct(i['bazel-hit-rate']) ?? (i['bazel-log'] ? bazelHitRateFromFile(i['bazel-log']) : null);
    return { nixHitRate: pct(i['nix-hit-rate']), bazelHitRate: bazel };
}
function resourceSummary(samples, source, cores) {
    const cpu = samples
        .map((s) => source === 'cgroup' && s.cgroupCpuPct !== null
        ? s.cgroupCpuPct / cores
        : s.cpuUserPct !== null
            ? s.cpuUserPct + (s.cpuSystemPct ?? 0)
            : null)
        .filter((v) => v !== null);
    const mem = samples
        .map((s) => (source === 'cgroup' ? s.cgroupMemoryBytes : s.memUsedBytes))
        .filter((v) => v !== null);
    const throttled = samples.map((s) => s.throttledPeriods).filter((v) => v !== null);
    return {
        cpuAvgPct: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null,
        memoryPeakBytes: mem.length ? Math.max(...mem) : null,
        throttledPeriods: throttled.length ? throttled.reduce((a, b) => a + b, 0) : null,
    };
}
function loadBaseline(ctx, path, record) {
    return (0,src_history/* selectBaseline */.w8)((0,src_history/* readRecords */.T3)(path, 'baseline'), (0,src_history/* keyOf */.TN)(record), ctx.inputs['baseline-window'], record.id);
}
/** `run` mode: measure one workload in this job, write its result file, compare with the baseline. */
async function main(ctx) {
    const i = ctx.inputs;
    const choice = (0,workloads/* chooseWorkload */.j)(i);
    const label = i['runner-label'] || process.env['RUNNER_LABEL'] || 'unlabelled';
    const cacheHits = hitRates(ctx);
    const fp = await fingerprint({ labels: [label] });
    const timing = await readTiming(ctx);
    const start = classifyStart(timing, new Date());
    const containerized = isContainerized();
    const sampler = new ResourceSampler({ intervalMs: i['sample-interval'], cgroup: containerized });
    const runs = [];
    const total = i.warmup + i.runs;
    const overheadMs = await calibrateShell();
    ctx.log.info(`Shell start-up cost ${overheadMs.toFixed(2)} ms, subtracted from every run (as hyperfine does)`);
    sampler.start();
    try {
        await ctx.log.group(`Running ${choice.name}: ${i.warmup} warmup + ${i.runs} measured`, async () => {
            for (let n = 0; n < total; n++) {
                const warmup = n < i.warmup;
                const run = await measureRun(choice.workload, n, warmup, {
                    timeoutMs: i['run-timeout'],
                    rssPollMs: 250,
                    overheadMs,
                    onStdout: (c) => process.stdout.write(c),
                    onStderr: (c) => process.stderr.write(c),
                });
                runs.push(run);
                ctx.log.info(`${warmup ? 'warmup' : 'run'} ${n + 1}/${total}: ${run.wallMs.toFixed(1)} ms, exit ${run.exitCode}`);
            }
        });
    }
    finally {
        sampler.stop();
    }
    const measured = runs.filter((r) => !r.warmup);
    const wall = measured.map((r) => r.wallMs);
    const present = (v) => v.filter((x) => x !== null);
    const user = present(measured.map((r) => r.userMs));
    const system = present(measured.map((r) => r.systemMs));
    const rss = present(measured.map((r) => r.peakRssBytes));
    const outliers = flagOutliers(wall);
    const failedRun = measured.find((r) => r.exitCode !== 0);
    const source = containerized ? 'cgroup' : 'host';
    const record = {
        schema: src_record/* RECORD_SCHEMA */.ep,
        version: src_record/* RECORD_VERSION */.hl,
        id: `${ctx.context.runId ?? 'local'}-${ctx.context.jobId ?? process.pid}-${Date.now().toString(36)}`,
        createdAt: new Date().toISOString(),
        runnerLabel: label,
        workload: choice.name,
        nix: choice.nix,
        fingerprint: fp,
        repository: ctx.context.repository ?? null,
        runId: ctx.context.runId ?? null,
        sha: ctx.context.sha ?? null,
        runs,
        stats: {
            wallMs: (0,descriptive/* summarize */.eh)(wall),
            userMs: user.length ? (0,descriptive/* summarize */.eh)(user) : null,
            systemMs: system.length ? (0,descriptive/* summarize */.eh)(system) : null,
            peakRssBytes: rss.length ? Math.max(...rss) : null,
            outliers: outliers.indexes,
            outlierThreshold: DEFAULT_OUTLIER_THRESHOLD,
            shellOverheadMs: overheadMs,
        },
        exitCode: failedRun?.exitCode ?? 0,
        failed: !!failedRun,
        timing,
        start,
        cache: cacheHits,
        resources: {
            intervalMs: i['sample-interval'],
            source,
            ...resourceSummary(sampler.samples, source, fp.cores),
            samples: sampler.samples,
        },
    };
    if (outliers.indexes.length) {
        ctx.log.warning(`Outlier runs (|modified z| > ${outliers.threshold}, kept): ${outliers.indexes.map((x) => `#${x + 1}`).join(', ')}`);
    }
    const resultsDir = i['results-dir'] || (0,external_node_path_.join)(ctx.tempDir, 'results');
    (0,external_node_fs_.mkdirSync)(resultsDir, { recursive: true });
    const recordFile = (0,external_node_path_.join)(resultsDir, (0,src_record/* recordFileName */.Tb)(record));
    (0,external_node_fs_.writeFileSync)(recordFile, `${JSON.stringify(record, null, 2)}\n`);
    // The baseline: a given file or folder, else the cached history of this key (GitHub).
    let regression = null;
    let baseline;
    const historyDir = (0,external_node_path_.join)(ctx.tempDir, 'history');
    const useCache = !i.baseline && i['cache-baseline'] && ctx.platform.kind === 'github' && (await cacheAvailable());
    const suffix = `${ctx.context.runId ?? 'local'}-${ctx.context.runAttempt ?? 1}-${ctx.context.jobId ?? record.id}`;
    if (i.baseline)
        baseline = loadBaseline(ctx, i.baseline, record);
    else if (useCache) {
        try {
            const hit = await restoreHistory(historyDir, (0,src_history/* keyOf */.TN)(record), suffix);
            baseline = hit ? loadBaseline(ctx, historyDir, record) : [];
        }
        catch (error) {
            ctx.log.warning(`The cached baseline could not be restored: ${error.message}`);
        }
    }
    if (baseline) {
        regression = detectRegression(baseline.flatMap(src_record/* measuredWallTimes */.Dv), wall, { minEffect: i['min-effect'] });
        ctx.setOutput('verdict', regression.verdict);
        ctx.log.info(`Against ${baseline.length} baseline results: ${regression.verdict} — ${regression.reason}`);
    }
    if (useCache && !record.failed) {
        try {
            await saveHistory(historyDir, (0,src_history/* keyOf */.TN)(record), suffix, record, i['baseline-window']);
        }
        catch (error) {
            ctx.log.warning(`The history could not be saved to the cache: ${error.message}`);
        }
    }
    (0,summary/* renderRunSummary */.qN)(ctx.summary, record, regression);
    const reports = (0,report_dir/* reportDir */.E)(ctx);
    const metricsFile = (0,src_reports/* writeText */.x3)((0,external_node_path_.join)(reports, 'benchmark-metrics.txt'), (0,src_reports/* runMetrics */.dl)(record));
    ctx.setOutput('record-file', recordFile);
    ctx.setOutput('median-ms', record.stats.wallMs.median.toFixed(3));
    ctx.setOutput('metrics-file', metricsFile);
    if (failedRun) {
        throw new src/* FlywheelError */.Lt('PROCESS_FAILED', `the workload exited with ${failedRun.exitCode} on run ${failedRun.index + 1}`, {
            hint: 'the result file records the failure; fix the workload and run again',
            details: { recordFile },
        });
    }
    if (regression?.verdict === 'regression' && i['fail-on-regression']) {
        throw new src/* FlywheelError */.Lt('REGRESSION', `${record.workload} is slower than its baseline: ${regression.reason}`, {
            hint: 'look at the change, or rerun if the runner was noisy (see steal and throttling in the summary)',
            details: { regression },
        });
    }
    return {
        recordFile,
        metricsFile,
        record: { ...record, resources: { ...record.resources, samples: record.resources.samples.length } },
        regression,
    };
}


/***/ })

};
