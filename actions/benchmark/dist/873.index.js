export const id = 873;
export const ids = [873];
export const modules = {

/***/ 28571:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T3: () => (/* binding */ readRecords),
/* harmony export */   TN: () => (/* binding */ keyOf),
/* harmony export */   w8: () => (/* binding */ selectBaseline)
/* harmony export */ });
/* unused harmony export listResultFiles */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(18964);
/* harmony import */ var _record__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27182);




/** Every `*.json` under a directory, depth first, in name order (names sort by time). */
function listResultFiles(dir) {
    const out = [];
    const walk = (d) => {
        for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(d, entry.name);
            if (entry.isDirectory())
                walk(path);
            else if (entry.isFile() && entry.name.endsWith('.json'))
                out.push(path);
        }
    };
    walk(dir);
    return out;
}
/** Reads a results file or directory; a path that cannot be read is an INPUT_INVALID naming it. */
function readRecords(path, what) {
    let isDir;
    try {
        isDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory();
    }
    catch (error) {
        throw new _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_2__/* .FlywheelError */ .Lt('INPUT_INVALID', `${what} ${path} cannot be read: ${error.code ?? error.message}`, {
            hint: `point ${what} at a result file or a directory of them`,
            cause: error,
        });
    }
    const files = isDir ? listResultFiles(path) : [path];
    return files.map((file) => {
        let text;
        try {
            text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
        }
        catch (error) {
            throw new _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_2__/* .FlywheelError */ .Lt('INPUT_INVALID', `${what} file ${file} cannot be read: ${error.message}`, { cause: error });
        }
        return (0,_record__WEBPACK_IMPORTED_MODULE_3__/* .parseRecord */ .Hh)(text, file);
    });
}
function keyOf(record) {
    return { runnerLabel: record.runnerLabel, workload: record.workload, fingerprint: record.fingerprint.hash };
}
/** The last `window` results of the same key, oldest first, excluding the current one. */
function selectBaseline(records, key, window, excludeId) {
    return records
        .filter((r) => r.id !== excludeId &&
        !r.failed &&
        r.runnerLabel === key.runnerLabel &&
        r.workload === key.workload &&
        r.fingerprint.hash === key.fingerprint)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .slice(-window);
}


/***/ }),

/***/ 27182:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dv: () => (/* binding */ measuredWallTimes),
/* harmony export */   Hh: () => (/* binding */ parseRecord),
/* harmony export */   Tb: () => (/* binding */ recordFileName),
/* harmony export */   ep: () => (/* binding */ RECORD_SCHEMA),
/* harmony export */   hl: () => (/* binding */ RECORD_VERSION)
/* harmony export */ });
/* harmony import */ var _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(18964);

const RECORD_SCHEMA = 'gloriousflywheel/benchmark-result';
/** Bump on any incompatible change; readers refuse versions they do not know. */
const RECORD_VERSION = 1;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Parses and checks a result file; a corrupt or foreign file is a clear RESULT_INVALID, never a crash. */
function parseRecord(text, source) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_0__/* .FlywheelError */ .Lt('RESULT_INVALID', `${source} is not valid JSON: ${error.message}`, {
            hint: 'remove or replace the corrupt result file',
            details: { file: source },
        });
    }
    const problem = recordProblem(value);
    if (problem) {
        throw new _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_0__/* .FlywheelError */ .Lt('RESULT_INVALID', `${source} is not a benchmark result: ${problem}`, {
            hint: 'results-dir and baseline must hold only files this action wrote',
            details: { file: source },
        });
    }
    return value;
}
function recordProblem(v) {
    if (!isObject(v))
        return 'not a JSON object';
    if (v['schema'] !== RECORD_SCHEMA)
        return `schema is ${JSON.stringify(v['schema'])}, expected "${RECORD_SCHEMA}"`;
    if (v['version'] !== RECORD_VERSION)
        return `schema version ${JSON.stringify(v['version'])} is not supported (this reader knows ${RECORD_VERSION})`;
    for (const key of ['id', 'createdAt', 'runnerLabel', 'workload']) {
        if (typeof v[key] !== 'string')
            return `\`${key}\` is missing or not a string`;
    }
    if (Number.isNaN(Date.parse(v['createdAt'])))
        return '`createdAt` is not a date';
    if (!Array.isArray(v['runs']))
        return '`runs` is missing';
    for (const run of v['runs']) {
        if (!isObject(run) || typeof run['wallMs'] !== 'number' || typeof run['exitCode'] !== 'number') {
            return 'a run lacks `wallMs` or `exitCode`';
        }
    }
    if (!isObject(v['stats']) || !isObject(v['stats']['wallMs']))
        return '`stats.wallMs` is missing';
    if (typeof v['failed'] !== 'boolean')
        return '`failed` is missing';
    if (!isObject(v['start']) || !isObject(v['cache']) || !isObject(v['resources']))
        return '`start`, `cache` or `resources` is missing';
    if (!isObject(v['fingerprint']) || typeof v['fingerprint']['hash'] !== 'string')
        return '`fingerprint.hash` is missing';
    return undefined;
}
/** The wall times of the measured (non-warmup) runs: the samples a baseline compares. */
function measuredWallTimes(record) {
    return record.runs.filter((r) => !r.warmup).map((r) => r.wallMs);
}
/** A file name that sorts by time and never collides between matrix jobs. */
function recordFileName(record) {
    const stamp = record.createdAt.replace(/[:.]/g, '-');
    const safe = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    return `${stamp}_${safe(record.runnerLabel)}_${safe(record.workload)}_${record.id}.json`;
}


/***/ }),

/***/ 42919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ reportDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/** Where reports go: `report-dir`, else on GitLab a folder the job can keep as artifacts, else temp. */
function reportDir(ctx) {
    const dir = ctx.inputs['report-dir'] ||
        (ctx.platform.kind === 'gitlab'
            ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(ctx.context.workspace, '.flywheel', 'benchmark')
            : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(ctx.tempDir, 'reports'));
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true });
    return dir;
}


/***/ }),

/***/ 83283:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dl: () => (/* binding */ runMetrics),
  S2: () => (/* binding */ scorecardMetrics),
  yc: () => (/* binding */ writeScorecardJUnit),
  x3: () => (/* binding */ writeText)
});

// UNUSED EXPORTS: kpiCases, metricsReport

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


;// CONCATENATED MODULE: ./actions/benchmark/src/reports.ts


/** One JUnit test case per KPI: GitLab shows pass/fail in the merge request; missing is skipped. */
function kpiCases(classname, kpis) {
    return kpis.map((k) => {
        const actual = k.actual === null ? 'no data' : `${k.actual.toFixed(2)} ${k.unit}`;
        return {
            name: k.kpi,
            classname,
            outcome: k.status === 'pass' ? 'passed' : k.status === 'fail' ? 'failed' : 'skipped',
            message: k.status === 'missing'
                ? `no data for ${k.kpi}: missing, not passed`
                : `${actual} (target ${k.target})`,
            ...(k.status === 'fail'
                ? { details: `${k.kpi} is ${actual} from ${k.n} values; the target is ${k.target}` }
                : {}),
        };
    });
}
function writeScorecardJUnit(path, card) {
    return writeJUnit(path, card.groups.map((g) => ({
        name: `${g.runnerLabel} × ${g.workload}`,
        cases: kpiCases(`${g.runnerLabel}.${g.workload}`, g.kpis),
        timestamp: new Date(card.generatedAt),
    })), 'benchmark KPIs');
}
const metricName = (s) => s
    .replace(/[^a-zA-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
const labelValue = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');
/** GitLab's metrics report: `name{labels} value` lines, compared between the branch and the target. */
function metricsReport(lines) {
    return `${lines
        .filter((l) => l.value !== null && Number.isFinite(l.value))
        .map((l) => {
        const labels = Object.entries(l.labels)
            .map(([k, v]) => `${k}="${labelValue(v)}"`)
            .join(',');
        return `${metricName(l.name)}${labels ? `{${labels}}` : ''} ${Number(l.value.toFixed(3))}`;
    })
        .join('\n')}\n`;
}
function runMetrics(record) {
    const labels = { runner_label: record.runnerLabel, workload: record.workload };
    return metricsReport([
        { name: 'benchmark_duration_median_ms', labels, value: record.stats.wallMs.median },
        { name: 'benchmark_duration_mad_ms', labels, value: record.stats.wallMs.mad },
        { name: 'benchmark_queue_seconds', labels, value: record.timing?.queueSeconds ?? null },
        { name: 'benchmark_start_seconds', labels, value: record.start.startSeconds },
        { name: 'benchmark_peak_rss_bytes', labels, value: record.stats.peakRssBytes },
        { name: 'benchmark_cpu_avg_pct', labels, value: record.resources.cpuAvgPct },
        { name: 'benchmark_nix_hit_rate_pct', labels, value: record.cache.nixHitRate },
        { name: 'benchmark_bazel_hit_rate_pct', labels, value: record.cache.bazelHitRate },
    ]);
}
function scorecardMetrics(card) {
    return metricsReport(card.groups.flatMap((g) => g.kpis.map((k) => ({
        name: `kpi_${k.kpi}`,
        labels: { runner_label: g.runnerLabel, workload: g.workload },
        value: k.actual,
    }))));
}
function writeText(path, text) {
    (0,external_node_fs_.writeFileSync)(path, text, { mode: 0o644 });
    return path;
}


/***/ }),

/***/ 91591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LL: () => (/* binding */ renderFleetSummary),
/* harmony export */   Pp: () => (/* binding */ renderScorecardSummary),
/* harmony export */   qN: () => (/* binding */ renderRunSummary)
/* harmony export */ });
/* unused harmony exports MAX_CHART_POINTS, downsample, renderResourceCharts, renderTimeline, kpiRows */
const ms = (v) => v === null || v === undefined ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(1)} ms`;
const num = (v, digits = 1, unit = '') => v === null || v === undefined ? '—' : `${v.toFixed(digits)}${unit}`;
const mib = (v) => v === null || v === undefined ? '—' : `${(v / 1048576).toFixed(0)} MiB`;
const STATUS = { pass: '✅ pass', fail: '❌ fail', missing: '⚪ missing' };
/** Mermaid charts past ~50k characters do not render; 60 points a series keeps them small. */
const MAX_CHART_POINTS = 60;
/** Averages samples into at most `max` buckets so a long workload still charts readably. */
function downsample(samples, max = MAX_CHART_POINTS) {
    if (samples.length <= max)
        return samples.map((s) => [s]);
    const size = Math.ceil(samples.length / max);
    const out = [];
    for (let i = 0; i < samples.length; i += size)
        out.push(samples.slice(i, i + size));
    return out;
}
function avg(values) {
    const v = values.filter((x) => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}
function renderResourceCharts(summary, record) {
    const samples = record.resources.samples;
    if (samples.length < 2)
        return;
    const buckets = downsample(samples);
    const xLabels = buckets.map((b) => `${Math.round(b[0].t / 1000)}s`);
    const cpuSeries = [
        { name: 'user %', values: buckets.map((b) => avg(b.map((s) => s.cpuUserPct))) },
        { name: 'system %', values: buckets.map((b) => avg(b.map((s) => s.cpuSystemPct))) },
        { name: 'steal %', values: buckets.map((b) => avg(b.map((s) => s.cpuStealPct))) },
    ];
    if (record.resources.source === 'cgroup') {
        cpuSeries.push({
            name: 'cgroup % of a core',
            values: buckets.map((b) => avg(b.map((s) => s.cgroupCpuPct))),
        });
    }
    summary.xyChart({ title: 'CPU', xLabels, yLabel: '%', series: cpuSeries });
    const memory = buckets.map((b) => Math.max(...b.map((s) => record.resources.source === 'cgroup' ? (s.cgroupMemoryBytes ?? 0) : (s.memUsedBytes ?? 0))) / 1048576);
    summary.xyChart({
        title: record.resources.source === 'cgroup' ? 'Memory (cgroup)' : 'Memory (host)',
        xLabels,
        yLabel: 'MiB',
        series: [{ name: 'memory MiB', values: memory }],
    });
}
function renderTimeline(summary, record) {
    const tasks = [];
    const t = record.timing;
    if (t?.startedAt)
        tasks.push({ name: 'queue', start: new Date(t.createdAt), end: new Date(t.startedAt) });
    if (t?.startedAt && t.setupSeconds !== null) {
        const s = new Date(t.startedAt);
        tasks.push({ name: 'set up job', start: s, end: new Date(s.getTime() + t.setupSeconds * 1000) });
    }
    const runs = record.runs;
    if (runs.length) {
        const first = new Date(runs[0].startedAt);
        const last = runs.at(-1);
        const warm = runs.filter((r) => r.warmup);
        if (warm.length) {
            const w = warm.at(-1);
            tasks.push({ name: 'warmup', start: first, end: new Date(Date.parse(w.startedAt) + w.wallMs) });
        }
        const measured = runs.filter((r) => !r.warmup);
        if (measured.length) {
            tasks.push({
                name: `workload ×${measured.length}`,
                start: new Date(measured[0].startedAt),
                end: new Date(Date.parse(last.startedAt) + last.wallMs),
            });
        }
    }
    if (tasks.length)
        summary.gantt({ title: 'queue → start → workload', sections: [{ name: record.workload, tasks }] });
}
function renderRunSummary(summary, record, regression) {
    const s = record.stats;
    summary.heading(`Benchmark: ${record.workload} on ${record.runnerLabel}`);
    summary.table([
        'runs',
        'min',
        'median',
        'mean',
        'stddev',
        'MAD',
        'user CPU (median)',
        'system CPU (median)',
        'peak RSS',
        'outliers',
        'exit',
    ], [
        [
            s.wallMs.n,
            ms(s.wallMs.min),
            ms(s.wallMs.median),
            ms(s.wallMs.mean),
            ms(s.wallMs.stddev),
            ms(s.wallMs.mad),
            ms(s.userMs?.median),
            ms(s.systemMs?.median),
            mib(s.peakRssBytes),
            s.outliers.length ? s.outliers.map((i) => `#${i + 1}`).join(', ') : 'none',
            record.exitCode,
        ],
    ]);
    const start = record.start;
    summary.table(['queue', 'set up job', 'runner', 'container age', 'start'], [
        [
            record.timing?.queueSeconds === null || record.timing === null
                ? '—'
                : `${record.timing.queueSeconds} s ±${record.timing.precisionSeconds}`,
            record.timing?.setupSeconds === null || record.timing === null
                ? '—'
                : `${record.timing.setupSeconds} s`,
            start.kind,
            num(start.containerAgeSeconds, 0, ' s'),
            start.reason,
        ],
    ], 'start table');
    if (record.cache.nixHitRate !== null || record.cache.bazelHitRate !== null) {
        summary.table(['Nix cache hit rate', 'Bazel cache hit rate'], [[num(record.cache.nixHitRate, 1, ' %'), num(record.cache.bazelHitRate, 1, ' %')]], 'cache table');
    }
    if (regression) {
        summary.paragraph(`**Against the baseline: ${regression.verdict}** — ${regression.reason}.`);
    }
    renderTimeline(summary, record);
    renderResourceCharts(summary, record);
    const measured = record.runs.filter((r) => !r.warmup);
    summary.details(`All ${record.runs.length} runs`, [
        '| # | warmup | wall | user | system | peak RSS | exit |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...record.runs.map((r) => `| ${r.index + 1} | ${r.warmup ? 'yes' : ''} | ${ms(r.wallMs)} | ${ms(r.userMs)} | ${ms(r.systemMs)} | ${mib(r.peakRssBytes)} | ${r.exitCode} |`),
    ].join('\n') + (measured.length ? '' : '\n\nNo measured runs.'));
}
function kpiRows(kpis) {
    return kpis.map((k) => [
        k.kpi,
        k.target,
        k.actual === null ? 'no data' : `${k.actual.toFixed(1)} ${k.unit}`,
        String(k.n),
        STATUS[k.status],
    ]);
}
function renderScorecardSummary(summary, card) {
    summary.heading(`Benchmark scorecard (${card.results} results)`);
    summary.paragraph(`KPIs: ${card.totals.pass} pass, ${card.totals.fail} fail, ${card.totals.missing} missing (missing data never counts as a pass).`);
    summary.table([
        'runner label',
        'workload',
        'n',
        'duration p50',
        'duration p95',
        'queue p50',
        'queue p95',
        'cold / warm',
        'cold start p50',
        'warm start p50',
        'Nix hit',
        'Bazel hit',
        'failed',
        'CPU',
    ], card.groups.map((g) => [
        g.runnerLabel,
        g.workload,
        g.n,
        ms(g.durationMedianMs),
        ms(g.durationP95Ms),
        num(g.queueP50Seconds, 0, ' s'),
        num(g.queueP95Seconds, 0, ' s'),
        `${g.cold} / ${g.warm}`,
        num(g.coldStartMedianSeconds, 0, ' s'),
        num(g.warmStartMedianSeconds, 0, ' s'),
        num(g.nixHitRatePct, 1, ' %'),
        num(g.bazelHitRatePct, 1, ' %'),
        num(g.failureRatePct, 1, ' %'),
        num(g.cpuAvgPct, 0, ' %'),
    ]));
    summary.table(['runner label', 'workload', 'KPI', 'target', 'actual', 'n', 'status'], card.groups.flatMap((g) => kpiRows(g.kpis).map((row) => [g.runnerLabel, g.workload, ...row])), 'KPI table');
}
function renderFleetSummary(summary, snapshot) {
    summary.heading(`Runner fleet: ${snapshot.scope}`);
    summary.paragraph(`${snapshot.runners} runners, ${snapshot.offline} offline, at ${snapshot.takenAt}.`);
    summary.table(['pool', 'active', 'idle', 'queue depth'], snapshot.pools.map((p) => [p.pool, p.active, p.idle, p.queueDepth]));
}


/***/ }),

/***/ 3965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JZ: () => (/* binding */ median),
/* harmony export */   YV: () => (/* binding */ quantile),
/* harmony export */   Z4: () => (/* binding */ quantileSorted),
/* harmony export */   eh: () => (/* binding */ summarize),
/* harmony export */   i2: () => (/* binding */ mean)
/* harmony export */ });
/* unused harmony exports sortedCopy, stddev, mad */
function sortedCopy(values) {
    return Array.from(values).sort((a, b) => a - b);
}
/** Linear-interpolated quantile (type 7, as R and NumPy default) of an already sorted sample. */
function quantileSorted(sorted, q) {
    const n = sorted.length;
    if (n === 0)
        return Number.NaN;
    if (n === 1)
        return sorted[0];
    const pos = (n - 1) * Math.min(1, Math.max(0, q));
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
function quantile(values, q) {
    return quantileSorted(sortedCopy(values), q);
}
function median(values) {
    return quantile(values, 0.5);
}
function mean(values) {
    if (values.length === 0)
        return Number.NaN;
    let sum = 0;
    for (const v of values)
        sum += v;
    return sum / values.length;
}
function stddev(values) {
    if (values.length < 2)
        return null;
    const m = mean(values);
    let sq = 0;
    for (const v of values)
        sq += (v - m) ** 2;
    return Math.sqrt(sq / (values.length - 1));
}
function mad(values) {
    if (values.length === 0)
        return Number.NaN;
    const m = median(values);
    return median(values.map((v) => Math.abs(v - m)));
}
function summarize(values) {
    const sorted = sortedCopy(values);
    const n = sorted.length;
    return {
        n,
        min: n ? sorted[0] : Number.NaN,
        max: n ? sorted[n - 1] : Number.NaN,
        mean: mean(sorted),
        median: quantileSorted(sorted, 0.5),
        stddev: stddev(sorted),
        mad: mad(sorted),
        p95: quantileSorted(sorted, 0.95),
    };
}


/***/ })

};
