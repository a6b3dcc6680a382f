export const id = 13;
export const ids = [13,820];
export const modules = {

/***/ 48987:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/shared/src/index.ts + 23 modules
var src = __webpack_require__(18964);
// EXTERNAL MODULE: ./packages/shared/src/forge/index.ts + 3 modules
var forge = __webpack_require__(23428);
// EXTERNAL MODULE: ./node_modules/prom-client/index.js
var prom_client = __webpack_require__(95222);
;// CONCATENATED MODULE: ./actions/benchmark/src/fleet.ts



/** Labels every self-hosted runner carries; they name no pool. */
const GENERIC_LABELS = new Set(['self-hosted', 'linux', 'windows', 'macos', 'x64', 'arm64', 'arm', 'x86']);
async function call(what, fn) {
    try {
        return await fn();
    }
    catch (error) {
        throw (0,forge/* toForgeError */.Zf)(error, what, 'org runners need a token with `organization_self_hosted_runners: read`; repo runners need admin read');
    }
}
/**
 * Counts, per pool (runner label), the busy and idle online runners and the jobs queued for it:
 * the gauges of the platform's runner specification.
 */
async function fleetSnapshot(client, q, now = new Date()) {
    if (!q.org && q.repositories.length === 0) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'fleet mode needs `org` or `repositories`');
    }
    const runners = [];
    if (q.org) {
        const org = q.org;
        runners.push(...(await call(`listing the runners of ${org}`, () => client.paginate(client.rest.actions.listSelfHostedRunnersForOrg, { org, per_page: 100 }))));
    }
    else {
        for (const r of q.repositories) {
            runners.push(...(await call(`listing the runners of ${r.owner}/${r.repo}`, () => client.paginate(client.rest.actions.listSelfHostedRunnersForRepo, {
                owner: r.owner,
                repo: r.repo,
                per_page: 100,
            }))));
        }
    }
    const queued = [];
    for (const r of q.repositories) {
        for (const status of ['queued', 'in_progress']) {
            const runs = (await call(`listing ${status} runs of ${r.owner}/${r.repo}`, () => client.paginate(client.rest.actions.listWorkflowRunsForRepo, {
                owner: r.owner,
                repo: r.repo,
                status,
                per_page: 100,
            })));
            for (const run of runs) {
                const jobs = (await call(`listing the jobs of run ${run.id}`, () => client.paginate(client.rest.actions.listJobsForWorkflowRun, {
                    owner: r.owner,
                    repo: r.repo,
                    run_id: run.id,
                    per_page: 100,
                })));
                queued.push(...jobs.filter((j) => j.status === 'queued'));
            }
        }
    }
    const online = runners.filter((r) => r.status === 'online');
    const pools = q.pools.length > 0
        ? q.pools
        : [
            ...new Set(runners
                .flatMap((r) => r.labels.map((l) => l.name))
                .filter((l) => !GENERIC_LABELS.has(l.toLowerCase()))),
        ].sort();
    const has = (r, pool) => r.labels.some((l) => l.name === pool);
    return {
        takenAt: now.toISOString(),
        scope: q.org ? `org ${q.org}` : q.repositories.map((r) => `${r.owner}/${r.repo}`).join(', '),
        runners: runners.length,
        offline: runners.length - online.length,
        pools: pools.map((pool) => ({
            pool,
            active: online.filter((r) => r.busy && has(r, pool)).length,
            idle: online.filter((r) => !r.busy && has(r, pool)).length,
            queueDepth: queued.filter((j) => j.labels.includes(pool)).length,
        })),
    };
}
/** A registry holding the three gauges, in OpenMetrics (for the file) or Prometheus text (for the push). */
function fleetRegistry(snapshot, contentType) {
    const registry = new prom_client.Registry();
    if (contentType === 'openmetrics')
        registry.setContentType(prom_client.Registry.OPENMETRICS_CONTENT_TYPE);
    const gauge = (name, help) => new prom_client.Gauge({ name, help, labelNames: ['pool'], registers: [registry] });
    const active = gauge('runner_active', 'Runners executing jobs');
    const idle = gauge('runner_idle', 'Runners waiting for a job');
    const depth = gauge('queue_depth', 'Jobs waiting for a runner');
    for (const p of snapshot.pools) {
        active.set({ pool: p.pool }, p.active);
        idle.set({ pool: p.pool }, p.idle);
        depth.set({ pool: p.pool }, p.queueDepth);
    }
    return registry;
}
async function openMetricsText(snapshot) {
    return fleetRegistry(snapshot, 'openmetrics').metrics();
}
/** Replaces this job's group on the Pushgateway with the current gauges. */
async function pushFleet(snapshot, gatewayUrl, jobName) {
    const registry = fleetRegistry(snapshot, prom_client.Registry.PROMETHEUS_CONTENT_TYPE);
    try {
        await new prom_client.Pushgateway(gatewayUrl, { timeout: 15_000 }, registry).push({ jobName });
    }
    catch (error) {
        throw new src/* FlywheelError */.Lt('PUSH_FAILED', `pushing to the Pushgateway at ${gatewayUrl} failed: ${error.message}`, {
            hint: 'check `pushgateway-url` and that the gateway is reachable from the runner',
            cause: error,
        });
    }
}

// EXTERNAL MODULE: ./actions/benchmark/src/report-dir.ts
var report_dir = __webpack_require__(42919);
// EXTERNAL MODULE: ./actions/benchmark/src/reports.ts + 2 modules
var reports = __webpack_require__(83283);
// EXTERNAL MODULE: ./actions/benchmark/src/summary.ts
var summary = __webpack_require__(91591);
;// CONCATENATED MODULE: ./actions/benchmark/src/modes/fleet.ts







/** `fleet` mode: the runner gauges per pool, as OpenMetrics text and optionally pushed. */
async function main(ctx) {
    const i = ctx.inputs;
    if (!i.token)
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'fleet mode needs `token` to read the runners');
    const client = (0,forge.createGitHubClient)({ token: i.token, baseUrl: ctx.context.apiUrl });
    const snapshot = await fleetSnapshot(client, {
        ...(i.org ? { org: i.org } : {}),
        // The list builder's item type is not narrowed by the shared spec, so name it here.
        repositories: (i.repositories ?? []),
        pools: (i.pools ?? []),
    });
    const metricsFile = (0,reports/* writeText */.x3)((0,external_node_path_.join)((0,report_dir/* reportDir */.E)(ctx), 'fleet.openmetrics.txt'), await openMetricsText(snapshot));
    ctx.setOutput('metrics-file', metricsFile);
    if (i['pushgateway-url']) {
        await pushFleet(snapshot, i['pushgateway-url'].toString(), i['pushgateway-job']);
        ctx.log.info(`Pushed ${snapshot.pools.length} pools to ${i['pushgateway-url'].origin}`);
    }
    (0,summary/* renderFleetSummary */.LL)(ctx.summary, snapshot);
    return { metricsFile, snapshot };
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

/***/ 23428:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHubClient: () => (/* reexport */ createGitHubClient),
  createGitLabClient: () => (/* reexport */ createGitLabClient),
  Zf: () => (/* reexport */ toForgeError)
});

// UNUSED EXPORTS: GITHUB_PER_PAGE, GITLAB_PER_PAGE, errorStatus

// EXTERNAL MODULE: ./packages/shared/src/errors.ts
var errors = __webpack_require__(79680);
;// CONCATENATED MODULE: ./packages/shared/src/forge/errors.ts

/** Status of an Octokit or gitbeaker request error, when the server answered. */
function errorStatus(error) {
    const e = error;
    if (typeof e?.status === 'number')
        return e.status;
    const nested = e?.cause?.response?.status;
    return typeof nested === 'number' ? nested : undefined;
}
/**
 * Turns a forge client error into a FlywheelError a person can act on: 401/403 mean the token
 * lacks a permission, 404 that the thing is absent or hidden from the token.
 */
function toForgeError(error, what, permissionHint) {
    if (error instanceof errors/* FlywheelError */.Lt)
        return error;
    const status = errorStatus(error);
    const message = error instanceof Error ? error.message : String(error);
    const details = status === undefined ? {} : { status };
    if (status === 401) {
        return new errors/* FlywheelError */.Lt('FORGE_FORBIDDEN', `${what}: the token was rejected (401)`, {
            hint: 'check that the token is set and has not expired',
            cause: error,
            details,
        });
    }
    if (status === 403) {
        return new errors/* FlywheelError */.Lt('FORGE_FORBIDDEN', `${what}: forbidden (403): ${message}`, {
            hint: permissionHint ?? 'grant the token the permission this call needs',
            cause: error,
            details,
        });
    }
    if (status === 404) {
        return new errors/* FlywheelError */.Lt('NOT_FOUND', `${what}: not found (404)`, {
            hint: 'check the name, and that the token can see it (private resources answer 404)',
            cause: error,
            details,
        });
    }
    return new errors/* FlywheelError */.Lt('FORGE_API', `${what}: ${message}`, {
        hint: 'the forge API failed; retry later or check its status page',
        cause: error,
        details,
    });
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(11758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
;// CONCATENATED MODULE: ./packages/shared/src/forge/github-client.ts



/** Number of items per page for every list call: GitHub's maximum, so lists cost the fewest requests. */
const GITHUB_PER_PAGE = 100;
/**
 * Creates the GitHub client: rate limits are respected (throttling waits for `retry-after` or the
 * reset time, then retries) and transient 5xx answers are retried with growing waits.
 */
function createGitHubClient(options) {
    const retries = options.retries ?? 3;
    const base = options.retryAfterBaseMs ?? 1000;
    const handler = (kind) => (retryAfter, request, _octokit, retryCount) => {
        options.onRateLimit?.({ kind, retryAfter, method: request.method, url: request.url, retryCount });
        return retryCount < retries;
    };
    return (0,github/* getOctokit */.Q)(options.token, {
        ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
        ...(options.userAgent ? { userAgent: options.userAgent } : {}),
        // 429 belongs to the throttling plugin, which waits for retry-after: retrying it here too
        // would multiply the attempts.
        retry: { retries, retryAfterBaseValue: base, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        throttle: {
            retryAfterBaseValue: base,
            fallbackSecondaryRateRetryAfter: 60,
            onRateLimit: handler('primary'),
            onSecondaryRateLimit: handler('secondary'),
        },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}

// EXTERNAL MODULE: ./node_modules/@gitbeaker/rest/dist/index.mjs + 2 modules
var dist = __webpack_require__(80342);
;// CONCATENATED MODULE: ./packages/shared/src/forge/gitlab-client.ts

/** Items per page for every list call: GitLab's maximum. */
const GITLAB_PER_PAGE = 100;
/**
 * The GitLab client (gitbeaker): it retries 429 and 502 with growing waits by itself; a local
 * rate limiter keeps us below the instance's limits rather than hitting them.
 */
function createGitLabClient(options) {
    const auth = options.jobToken ? { jobToken: options.jobToken } : { token: options.token ?? '' };
    return new dist/* Gitlab */.mJr({
        host: options.host.replace(/\/+$/, ''),
        ...auth,
        rateLimits: { '**': options.requestsPerMinute ?? 600 },
        rateLimitDuration: 60,
    });
}

;// CONCATENATED MODULE: ./packages/shared/src/forge/index.ts





/***/ }),

/***/ 65407:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

var map = {
	"./BurstyRateLimiter": [
		85860
	],
	"./BurstyRateLimiter.js": [
		85860
	],
	"./ExpressBruteFlexible": [
		83966,
		966
	],
	"./ExpressBruteFlexible.js": [
		83966,
		966
	],
	"./RLWrapperBlackAndWhite": [
		87383
	],
	"./RLWrapperBlackAndWhite.js": [
		87383
	],
	"./RLWrapperTimeouts": [
		24016
	],
	"./RLWrapperTimeouts.js": [
		24016
	],
	"./RateLimiterAbstract": [
		88569
	],
	"./RateLimiterAbstract.js": [
		88569
	],
	"./RateLimiterCluster": [
		10565
	],
	"./RateLimiterCluster.js": [
		10565
	],
	"./RateLimiterDrizzle": [
		50673
	],
	"./RateLimiterDrizzle.js": [
		50673
	],
	"./RateLimiterDrizzleNonAtomic": [
		75347
	],
	"./RateLimiterDrizzleNonAtomic.js": [
		75347
	],
	"./RateLimiterDynamo": [
		82309
	],
	"./RateLimiterDynamo.js": [
		82309
	],
	"./RateLimiterEtcd": [
		36481
	],
	"./RateLimiterEtcd.js": [
		36481
	],
	"./RateLimiterEtcdNonAtomic": [
		15299
	],
	"./RateLimiterEtcdNonAtomic.js": [
		15299
	],
	"./RateLimiterInsuredAbstract": [
		33847
	],
	"./RateLimiterInsuredAbstract.js": [
		33847
	],
	"./RateLimiterMemcache": [
		73250
	],
	"./RateLimiterMemcache.js": [
		73250
	],
	"./RateLimiterMemory": [
		24544
	],
	"./RateLimiterMemory.js": [
		24544
	],
	"./RateLimiterMongo": [
		28439
	],
	"./RateLimiterMongo.js": [
		28439
	],
	"./RateLimiterMySQL": [
		67793
	],
	"./RateLimiterMySQL.js": [
		67793
	],
	"./RateLimiterPostgres": [
		3740
	],
	"./RateLimiterPostgres.js": [
		3740
	],
	"./RateLimiterPrisma": [
		16323
	],
	"./RateLimiterPrisma.js": [
		16323
	],
	"./RateLimiterQueue": [
		52860
	],
	"./RateLimiterQueue.js": [
		52860
	],
	"./RateLimiterRedis": [
		54336
	],
	"./RateLimiterRedis.js": [
		54336
	],
	"./RateLimiterRes": [
		80449
	],
	"./RateLimiterRes.js": [
		80449
	],
	"./RateLimiterSQLite": [
		73283
	],
	"./RateLimiterSQLite.js": [
		73283
	],
	"./RateLimiterStoreAbstract": [
		65140
	],
	"./RateLimiterStoreAbstract.js": [
		65140
	],
	"./RateLimiterUnion": [
		10244
	],
	"./RateLimiterUnion.js": [
		10244
	],
	"./RateLimiterValkey": [
		32193
	],
	"./RateLimiterValkey.js": [
		32193
	],
	"./RateLimiterValkeyGlide": [
		53756
	],
	"./RateLimiterValkeyGlide.js": [
		53756
	],
	"./component/BlockedKeys": [
		38830
	],
	"./component/BlockedKeys/": [
		38830
	],
	"./component/BlockedKeys/BlockedKeys": [
		85202
	],
	"./component/BlockedKeys/BlockedKeys.js": [
		85202
	],
	"./component/BlockedKeys/index": [
		38830
	],
	"./component/BlockedKeys/index.js": [
		38830
	],
	"./component/MemoryStorage": [
		28178,
		178
	],
	"./component/MemoryStorage/": [
		28178,
		178
	],
	"./component/MemoryStorage/MemoryStorage": [
		81534
	],
	"./component/MemoryStorage/MemoryStorage.js": [
		81534
	],
	"./component/MemoryStorage/Record": [
		60749
	],
	"./component/MemoryStorage/Record.js": [
		60749
	],
	"./component/MemoryStorage/index": [
		28178,
		178
	],
	"./component/MemoryStorage/index.js": [
		28178,
		178
	],
	"./component/RateLimiterEtcdTransactionFailedError": [
		43184
	],
	"./component/RateLimiterEtcdTransactionFailedError.js": [
		43184
	],
	"./component/RateLimiterQueueError": [
		27948
	],
	"./component/RateLimiterQueueError.js": [
		27948
	],
	"./component/RateLimiterSetupError": [
		72922
	],
	"./component/RateLimiterSetupError.js": [
		72922
	],
	"./constants": [
		13880,
		880
	],
	"./constants.js": [
		13880,
		880
	]
};
function webpackAsyncContext(req) {
	if(!__webpack_require__.o(map, req)) {
		return Promise.resolve().then(() => {
			var e = new Error("Cannot find module '" + req + "'");
			e.code = 'MODULE_NOT_FOUND';
			throw e;
		});
	}

	var ids = map[req], id = ids[0];
	return Promise.all(ids.slice(1).map(__webpack_require__.e)).then(() => {
		return __webpack_require__.t(id, 7 | 16);
	});
}
webpackAsyncContext.keys = () => (Object.keys(map));
webpackAsyncContext.id = 65407;
module.exports = webpackAsyncContext;

/***/ })

};
