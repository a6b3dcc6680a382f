export const id = 446;
export const ids = [446];
export const modules = {

/***/ 24446:
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
// EXTERNAL MODULE: ./packages/shared/src/index.ts + 20 modules
var src = __webpack_require__(35129);
// EXTERNAL MODULE: ./actions/benchmark/src/history.ts
var src_history = __webpack_require__(28571);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./actions/benchmark/src/kpi.ts



/*
 * The peak window is our assumption (the platform names no hours): the warm pool is raised at
 * 13:00 UTC on weekdays, which is when its users' working day overlaps most.
 */
const DEFAULT_TARGETS = {
    queuePeakSeconds: 60,
    queueOffPeakSeconds: 15,
    peakStartHourUtc: 13,
    peakEndHourUtc: 22,
    peakWeekends: false,
    coldStartSeconds: 20,
    coldStartNixSeconds: 45,
    nixHitRatePct: 80,
    bazelHitRatePct: 70,
    failureRatePct: 2,
    cpuMinPct: 40,
    cpuMaxPct: 70,
    pipelineMinutes: 10,
};
/** Reads a JSON or YAML file of overrides; unknown keys and non-numbers are refused by name. */
function loadTargets(path) {
    if (!path)
        return { ...DEFAULT_TARGETS };
    let raw;
    try {
        raw = (0,dist.parse)((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch (error) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', `kpi-targets ${path} cannot be read: ${error.message}`, { cause: error });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', `kpi-targets ${path} must be a mapping of target names to numbers`);
    }
    const out = { ...DEFAULT_TARGETS };
    for (const [key, value] of Object.entries(raw)) {
        if (!(key in DEFAULT_TARGETS)) {
            throw new src/* FlywheelError */.Lt('INPUT_INVALID', `kpi-targets ${path}: unknown target \`${key}\``, {
                hint: `known targets: ${Object.keys(DEFAULT_TARGETS).join(', ')}`,
            });
        }
        const expected = typeof DEFAULT_TARGETS[key];
        if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
            throw new src/* FlywheelError */.Lt('INPUT_INVALID', `kpi-targets ${path}: \`${key}\` must be a ${expected}`);
        }
        out[key] = value;
    }
    return out;
}
function isPeak(at, t) {
    const day = at.getUTCDay();
    if (!t.peakWeekends && (day === 0 || day === 6))
        return false;
    const hour = at.getUTCHours();
    return hour >= t.peakStartHourUtc && hour < t.peakEndHourUtc;
}
/** Missing data is `missing`, never `pass`. */
function verdict(kpi, actual, n, unit, check) {
    const target = check.lt !== undefined
        ? `< ${check.lt} ${unit}`
        : check.gt !== undefined
            ? `> ${check.gt} ${unit}`
            : `${check.between[0]}–${check.between[1]} ${unit}`;
    if (actual === null || n === 0 || !Number.isFinite(actual))
        return { kpi, target, actual: null, unit, status: 'missing', n };
    const ok = check.lt !== undefined
        ? actual < check.lt
        : check.gt !== undefined
            ? actual > check.gt
            : actual >= check.between[0] && actual <= check.between[1];
    return { kpi, target, actual, unit, status: ok ? 'pass' : 'fail', n };
}

// EXTERNAL MODULE: ./actions/benchmark/src/report-dir.ts
var report_dir = __webpack_require__(42919);
// EXTERNAL MODULE: ./actions/benchmark/src/reports.ts
var reports = __webpack_require__(13768);
// EXTERNAL MODULE: ./packages/shared/src/stats/descriptive.ts
var descriptive = __webpack_require__(3965);
;// CONCATENATED MODULE: ./actions/benchmark/src/scorecard.ts


const orNull = (values, f) => (values.length ? f(values) : null);
const present = (values) => values.filter((v) => typeof v === 'number' && Number.isFinite(v));
function scoreGroup(records, t) {
    const first = records[0];
    const durations = present(records.map((r) => r.stats.wallMs.median));
    const queues = records.map((r) => ({
        at: new Date(r.timing?.createdAt ?? r.createdAt),
        q: r.timing?.queueSeconds,
    }));
    const allQueue = present(queues.map((x) => x.q));
    const peakQueue = present(queues.filter((x) => isPeak(x.at, t)).map((x) => x.q));
    const offPeakQueue = present(queues.filter((x) => !isPeak(x.at, t)).map((x) => x.q));
    const coldStarts = present(records.filter((r) => r.start.kind === 'cold').map((r) => r.start.startSeconds));
    const warmStarts = present(records.filter((r) => r.start.kind === 'warm').map((r) => r.start.startSeconds));
    const allStarts = present(records.map((r) => r.start.startSeconds));
    const nixRates = present(records.map((r) => r.cache.nixHitRate));
    const bazelRates = present(records.map((r) => r.cache.bazelHitRate));
    const cpu = present(records.map((r) => r.resources.cpuAvgPct));
    const failureRatePct = (100 * records.filter((r) => r.failed).length) / records.length;
    const p95 = (v) => (0,descriptive/* quantile */.YV)(v, 0.95);
    const p50 = (v) => (0,descriptive/* quantile */.YV)(v, 0.5);
    const kpis = [
        verdict('queue time p95, peak', orNull(peakQueue, p95), peakQueue.length, 's', {
            lt: t.queuePeakSeconds,
        }),
        verdict('queue time p95, off-peak', orNull(offPeakQueue, p95), offPeakQueue.length, 's', {
            lt: t.queueOffPeakSeconds,
        }),
        // Nix lanes are promised a start time with the warm pool, so all their starts count; other
        // lanes scale from zero, so their promise is about cold starts.
        first.nix
            ? verdict('start time p50 (Nix, warm pool)', orNull(allStarts, p50), allStarts.length, 's', {
                lt: t.coldStartNixSeconds,
            })
            : verdict('cold start p50', orNull(coldStarts, p50), coldStarts.length, 's', {
                lt: t.coldStartSeconds,
            }),
        verdict('failed job rate', failureRatePct, records.length, '%', { lt: t.failureRatePct }),
        verdict('CPU utilisation', orNull(cpu, descriptive/* mean */.i2), cpu.length, '%', { between: [t.cpuMinPct, t.cpuMaxPct] }),
        verdict('duration p50', orNull(durations, p50) === null ? null : p50(durations) / 60_000, durations.length, 'min', {
            lt: t.pipelineMinutes,
        }),
    ];
    if (first.nix || nixRates.length) {
        kpis.push(verdict('Nix cache hit rate', orNull(nixRates, descriptive/* mean */.i2), nixRates.length, '%', { gt: t.nixHitRatePct }));
    }
    if (bazelRates.length || /bazel/.test(first.workload)) {
        kpis.push(verdict('Bazel cache hit rate', orNull(bazelRates, descriptive/* mean */.i2), bazelRates.length, '%', {
            gt: t.bazelHitRatePct,
        }));
    }
    return {
        runnerLabel: first.runnerLabel,
        workload: first.workload,
        nix: first.nix,
        n: records.length,
        durationMedianMs: orNull(durations, p50),
        durationP95Ms: orNull(durations, p95),
        queueP50Seconds: orNull(allQueue, p50),
        queueP95Seconds: orNull(allQueue, p95),
        cold: records.filter((r) => r.start.kind === 'cold').length,
        warm: records.filter((r) => r.start.kind === 'warm').length,
        coldStartMedianSeconds: orNull(coldStarts, p50),
        warmStartMedianSeconds: orNull(warmStarts, p50),
        nixHitRatePct: orNull(nixRates, descriptive/* mean */.i2),
        bazelHitRatePct: orNull(bazelRates, descriptive/* mean */.i2),
        failureRatePct,
        cpuAvgPct: orNull(cpu, descriptive/* mean */.i2),
        kpis,
    };
}
/** Groups results by runner label × workload and scores each group against the KPI targets. */
function buildScorecard(records, targets, now = new Date()) {
    const groups = new Map();
    for (const r of records) {
        const key = `${r.runnerLabel}\u0000${r.workload}`;
        const list = groups.get(key);
        if (list)
            list.push(r);
        else
            groups.set(key, [r]);
    }
    const scored = [...groups.values()]
        .map((g) => scoreGroup(g, targets))
        .sort((a, b) => a.runnerLabel.localeCompare(b.runnerLabel) || a.workload.localeCompare(b.workload));
    const totals = { pass: 0, fail: 0, missing: 0 };
    for (const g of scored)
        for (const k of g.kpis)
            totals[k.status] += 1;
    return { generatedAt: now.toISOString(), results: records.length, groups: scored, totals };
}

// EXTERNAL MODULE: ./actions/benchmark/src/summary.ts
var summary = __webpack_require__(91591);
;// CONCATENATED MODULE: ./actions/benchmark/src/modes/scorecard.ts









/** `scorecard` mode: aggregate a directory of result files and score it against the KPI targets. */
async function main(ctx) {
    const i = ctx.inputs;
    if (!i['results-dir']) {
        throw new src/* FlywheelError */.Lt('INPUT_INVALID', 'scorecard mode needs `results-dir`: the directory of result files to aggregate');
    }
    const targets = loadTargets(i['kpi-targets']);
    const records = (0,src_history/* readRecords */.T3)(i['results-dir'], 'results-dir');
    const card = buildScorecard(records, targets);
    (0,summary/* renderScorecardSummary */.Pp)(ctx.summary, card);
    const dir = (0,report_dir/* reportDir */.E)(ctx);
    const scorecardFile = (0,external_node_path_.join)(dir, 'benchmark-scorecard.json');
    (0,external_node_fs_.writeFileSync)(scorecardFile, `${JSON.stringify({ targets, ...card }, null, 2)}\n`);
    const junitFile = (0,reports/* writeScorecardJUnit */.yc)((0,external_node_path_.join)(dir, 'benchmark-kpis.junit.xml'), card);
    const metricsFile = (0,reports/* writeText */.x3)((0,external_node_path_.join)(dir, 'benchmark-metrics.txt'), (0,reports/* scorecardMetrics */.S2)(card));
    (0,reports/* writeText */.x3)((0,external_node_path_.join)(dir, 'benchmark-scorecard.md'), ctx.summary.toString());
    ctx.setOutput('scorecard-file', scorecardFile);
    ctx.setOutput('junit-file', junitFile);
    ctx.setOutput('metrics-file', metricsFile);
    ctx.setOutput('kpi-failed', card.totals.fail);
    if (card.totals.fail > 0 && i['fail-on-kpi']) {
        throw new src/* FlywheelError */.Lt('KPI_FAILED', `${card.totals.fail} KPI${card.totals.fail === 1 ? '' : 's'} failed`, {
            hint: 'the summary and the JUnit report name each one with its numbers',
        });
    }
    return { scorecardFile, junitFile, metricsFile, totals: card.totals, groups: card.groups };
}


/***/ })

};
