export const id = 45;
export const ids = [45,820];
export const modules = {

/***/ 5083:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseRepositories: () => (/* binding */ parseRepositories),
  runOutside: () => (/* binding */ runOutside)
});

// EXTERNAL MODULE: ./packages/shared/src/index.ts + 38 modules
var src = __webpack_require__(8940);
// EXTERNAL MODULE: ./packages/shared/src/forge/index.ts + 3 modules
var forge = __webpack_require__(3428);
// EXTERNAL MODULE: ./actions/canary-check/src/checks.ts
var checks = __webpack_require__(3226);
;// CONCATENATED MODULE: ./actions/canary-check/src/outside/group-access.ts
/**
 * Whether GitHub lets this repository's jobs use an org runner group: its visibility (`all`,
 * `selected` with the repo among the selected, `private` = private repos only), public
 * repositories only when `allows_public_repositories`, and workflow restrictions.
 */
function judgeGroup(group, repo, selected) {
    const where = `Organization settings → Actions → Runner groups → "${group.name}"`;
    if (!repo.private && !group.allowsPublicRepositories) {
        return {
            group,
            serves: false,
            reason: `group "${group.name}" does not allow public repositories and ${repo.fullName} is public`,
            fix: `enable "Allow public repositories" on the group (${where}), or make the repository private`,
        };
    }
    if (group.visibility === 'private' && !repo.private) {
        return {
            group,
            serves: false,
            reason: `group "${group.name}" serves private repositories only and ${repo.fullName} is public`,
            fix: `set the group's repository access to "All repositories" or "Selected repositories" including ${repo.name} (${where})`,
        };
    }
    if (group.visibility === 'selected') {
        if (!selected) {
            return {
                group,
                serves: false,
                reason: `group "${group.name}" serves selected repositories and its list could not be read`,
                fix: 'give the token permission to read runner groups (organization self-hosted runners: read)',
            };
        }
        if (!selected.has(repo.name.toLowerCase())) {
            return {
                group,
                serves: false,
                reason: `group "${group.name}" serves ${selected.size} selected repositories and ${repo.name} is not among them`,
                fix: `add ${repo.fullName} to the group's selected repositories (${where})`,
            };
        }
    }
    else if (group.visibility !== 'all' && group.visibility !== 'private') {
        return {
            group,
            serves: false,
            reason: `group "${group.name}" has unknown visibility "${group.visibility}"`,
        };
    }
    if (group.restrictedToWorkflows) {
        const prefix = `${repo.fullName.toLowerCase()}/`;
        const mine = group.selectedWorkflows.filter((w) => w.toLowerCase().startsWith(prefix));
        if (mine.length === 0) {
            return {
                group,
                serves: false,
                reason: `group "${group.name}" is restricted to ${group.selectedWorkflows.length} workflow(s), none in ${repo.fullName}`,
                fix: `add the workflow (e.g. ${repo.fullName}/.github/workflows/ci.yml@refs/heads/${repo.defaultBranch}) to the group's selected workflows, or lift the restriction (${where})`,
            };
        }
        return {
            group,
            serves: true,
            reason: `group "${group.name}" (${group.visibility}) serves ${repo.fullName} for ${mine.length} workflow(s) only`,
            onlyWorkflows: mine,
        };
    }
    return {
        group,
        serves: true,
        reason: `group "${group.name}" (${group.visibility}) serves ${repo.fullName}`,
    };
}

;// CONCATENATED MODULE: ./packages/shared/src/stats/descriptive.ts
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

;// CONCATENATED MODULE: ./actions/canary-check/src/outside/queue-stats.ts

const seconds = (from, to) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
/**
 * Queue wait per job: the first step's start minus the job's creation (the job's own `started_at`
 * equals `created_at` on GitHub, so it cannot be used).
 */
function queueStats(jobs, now) {
    const waits = [];
    let waiting = 0;
    let longestWaitSeconds = 0;
    for (const job of jobs) {
        if (job.runnerName && job.firstStepAt)
            waits.push(seconds(job.createdAt, job.firstStepAt));
        if (!job.runnerName &&
            (job.status === 'queued' || job.status === 'waiting' || job.status === 'pending')) {
            waiting += 1;
            longestWaitSeconds = Math.max(longestWaitSeconds, seconds(job.createdAt, now.toISOString()));
        }
    }
    return {
        jobs: jobs.length,
        assigned: jobs.filter((j) => j.runnerName).length,
        waiting,
        longestWaitSeconds,
        p50Seconds: waits.length ? quantile(waits, 0.5) : null,
        p95Seconds: waits.length ? quantile(waits, 0.95) : null,
        succeeded: jobs.filter((j) => j.conclusion === 'success').length,
        failed: jobs.filter((j) => j.conclusion === 'failure' || j.conclusion === 'timed_out').length,
    };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./actions/canary-check/src/outside/workflow-labels.ts

/** The `runs-on` values of every job: a string, a list, or `{ group, labels }`. */
function runsOnLabels(value) {
    if (typeof value === 'string')
        return [value];
    if (Array.isArray(value))
        return value.filter((v) => typeof v === 'string');
    if (value && typeof value === 'object') {
        const labels = value.labels;
        return runsOnLabels(labels);
    }
    return [];
}
/**
 * The workflow files (and job ids) whose jobs ask for the label in `runs-on`. Expressions such as
 * `${{ matrix.runner }}` cannot be resolved here; a file that names the label anywhere in a
 * matrix counts too.
 */
function workflowsUsingLabel(files, label) {
    const found = [];
    for (const file of files) {
        let doc;
        try {
            doc = (0,dist/* parse */.qg)(file.text);
        }
        catch {
            continue;
        }
        const jobs = doc?.jobs ?? {};
        const hits = [];
        for (const [id, job] of Object.entries(jobs)) {
            if (!job || typeof job !== 'object')
                continue;
            const j = job;
            const labels = runsOnLabels(j['runs-on']);
            const viaMatrix = labels.some((l) => l.includes('${{')) &&
                JSON.stringify(j.strategy?.matrix ?? null).includes(`"${label}"`);
            if (labels.includes(label) || viaMatrix)
                hits.push(id);
        }
        if (hits.length)
            found.push({ path: file.path, jobs: hits });
    }
    return found;
}
/** Top-level keys of a .gitlab-ci.yml that are not jobs. */
const GITLAB_GLOBAL_KEYS = new Set([
    'default',
    'include',
    'stages',
    'variables',
    'workflow',
    'image',
    'services',
    'cache',
    'before_script',
    'after_script',
    'spec',
]);
/**
 * The jobs of a .gitlab-ci.yml that ask for the tag: their own `tags`, those inherited through
 * `extends` from jobs in the same file, or `default: tags`. Included files are GitLab's to resolve;
 * `includes` says whether the file has any, since jobs defined there are not seen here.
 */
function gitlabJobsUsingTag(text, tag) {
    let doc;
    try {
        doc = ((0,dist/* parse */.qg)(text) ?? {});
    }
    catch {
        return { jobs: [], includes: false };
    }
    const defs = Object.fromEntries(Object.entries(doc).filter(([key, value]) => !GITLAB_GLOBAL_KEYS.has(key) && value && typeof value === 'object'));
    const defaultTags = doc['default']?.tags;
    const tagsOf = (name, seen) => {
        const job = defs[name];
        if (!job || seen.has(name))
            return undefined;
        seen.add(name);
        if (job.tags !== undefined)
            return job.tags;
        const parents = typeof job.extends === 'string' ? [job.extends] : Array.isArray(job.extends) ? job.extends : [];
        // The last parent wins, as GitLab merges extends in order.
        for (const parent of [...parents].reverse()) {
            const inherited = tagsOf(String(parent), seen);
            if (inherited !== undefined)
                return inherited;
        }
        return undefined;
    };
    const jobs = Object.keys(defs)
        .filter((name) => !name.startsWith('.'))
        .filter((name) => {
        const tags = tagsOf(name, new Set()) ?? defaultTags;
        return Array.isArray(tags) && tags.map(String).includes(tag);
    });
    return { jobs, includes: doc['include'] !== undefined };
}

;// CONCATENATED MODULE: ./actions/canary-check/src/outside/github-checks.ts





const CHECK_TITLES = {
    'repo-access': 'repository',
    'runner-visibility': 'runners visible',
    capacity: 'capacity',
    'recent-jobs': 'recent jobs',
    'workflow-labels': 'workflows use label',
};
const ORG_RUNNER_PERMISSION = 'use a token that may read the organization\'s self-hosted runners (GitHub App permission "Self-hosted runners: read" on the organization, or a classic token with admin:org read)';
const s = (ms) => (0,src/* formatDuration */.a3)(ms);
/** Runs checks 1–5 for one repository and every label. Org data comes from the shared source. */
async function checkGitHubRepository(source, owner, name, options) {
    const full = `${owner}/${name}`;
    const subject = (label) => `${full} × ${label}`;
    const repoAccess = await source.repo(owner, name);
    if (!repoAccess.ok) {
        const status = repoAccess.status;
        const fix = status === 404
            ? `check the name ${full}; if it is right, the token cannot see it: install the GitHub App on ${full} (or grant the token access to it)`
            : status === 401
                ? 'the token was rejected: check that it is set and not expired'
                : `grant the token read access to ${full} (contents: read, metadata: read)`;
        return options.labels.flatMap((label) => [
            (0,checks/* check */.z6)('repo-access', CHECK_TITLES['repo-access'], subject(label), 'fail', `cannot read ${full} (HTTP ${status})`, [repoAccess.message], fix),
            ...['runner-visibility', 'capacity', 'recent-jobs', 'workflow-labels'].map((id) => (0,checks/* check */.z6)(id, CHECK_TITLES[id], subject(label), 'skip', 'skipped: the repository cannot be read')),
        ]);
    }
    const repo = repoAccess.value;
    const [repoRunners, orgRunners, orgGroups, jobs, workflows] = await Promise.all([
        source.repoRunners(owner, name),
        source.orgRunners(owner),
        source.orgGroups(owner),
        source.recentJobs(owner, name, options.maxRuns, options.since),
        options.checkWorkflows ? source.workflowFiles(owner, name) : Promise.resolve(undefined),
    ]);
    const results = [];
    for (const label of options.labels) {
        results.push((0,checks/* check */.z6)('repo-access', CHECK_TITLES['repo-access'], subject(label), 'pass', `${full} is readable (${repo.private ? 'private' : 'public'}${repo.archived ? ', archived' : ''})`, [`default branch ${repo.defaultBranch}`]));
        const visible = await visibility(source, repo, label, repoRunners, orgRunners, orgGroups);
        results.push({ ...visible.result, subject: subject(label) });
        results.push({ ...capacity(label, visible.serving, visible.known), subject: subject(label) });
        results.push({ ...recentJobs(label, jobs, options), subject: subject(label) });
        results.push({ ...workflowLabels(repo, label, workflows), subject: subject(label) });
    }
    return results;
}
async function visibility(source, repo, label, repoRunners, orgRunners, orgGroups) {
    const id = 'runner-visibility';
    const title = CHECK_TITLES[id];
    const has = (r) => r.labels.includes(label);
    const evidence = [];
    const repoLevel = repoRunners.ok ? repoRunners.value.filter(has) : [];
    if (repoRunners.ok)
        evidence.push(`repo-level runners with the label: ${repoLevel.length}`);
    else
        evidence.push(`repo-level runners unreadable (HTTP ${repoRunners.status})`);
    // A user account has no org runners: GitHub answers 404 for /orgs/<user>.
    const orgIsUser = !orgRunners.ok && orgRunners.status === 404;
    const orgLevel = orgRunners.ok ? orgRunners.value.filter(has) : [];
    if (orgRunners.ok)
        evidence.push(`org runners with the label: ${orgLevel.length} of ${orgRunners.value.length}`);
    else if (!orgIsUser)
        evidence.push(`org runners unreadable (HTTP ${orgRunners.status})`);
    const verdicts = [];
    if (orgLevel.length && orgGroups.ok) {
        const groupIds = [...new Set(orgLevel.map((r) => r.groupId))];
        for (const groupId of groupIds) {
            const group = orgGroups.value.find((g) => g.id === groupId);
            if (!group)
                continue;
            const selected = group.visibility === 'selected' ? await source.groupRepositories(repo.owner, group.id) : undefined;
            verdicts.push(judgeGroup(group, repo, selected?.ok ? selected.value : undefined));
        }
    }
    for (const v of verdicts)
        evidence.push(v.reason);
    const servingGroups = verdicts.filter((v) => v.serves);
    const serving = [
        ...repoLevel,
        ...orgLevel.filter((r) => servingGroups.some((v) => v.group.id === r.groupId)),
    ];
    if (repoLevel.length || servingGroups.length) {
        const via = [
            ...(repoLevel.length ? [`${repoLevel.length} repo-level runner(s)`] : []),
            ...servingGroups.map((v) => `group "${v.group.name}"${v.onlyWorkflows ? ` (only ${v.onlyWorkflows.join(', ')})` : ''}`),
        ];
        const partial = servingGroups.some((v) => v.onlyWorkflows) && !repoLevel.length;
        return {
            result: (0,checks/* check */.z6)(id, title, '', partial ? 'warn' : 'pass', `served by ${via.join(' and ')}`, evidence, partial
                ? 'only the listed workflows may use the group: add any other workflow that needs the label'
                : undefined),
            serving,
            known: true,
        };
    }
    if (orgLevel.length && !orgGroups.ok) {
        return {
            result: (0,checks/* check */.z6)(id, title, '', 'warn', `runner groups unreadable (HTTP ${orgGroups.status}): cannot tell which group serves the repo`, evidence, ORG_RUNNER_PERMISSION),
            serving: orgLevel,
            known: false,
        };
    }
    if (orgLevel.length) {
        const fixes = verdicts.map((v) => v.fix).filter((f) => Boolean(f));
        return {
            result: (0,checks/* check */.z6)(id, title, '', 'fail', `${orgLevel.length} org runner(s) carry "${label}" but no runner group lets ${repo.fullName} use them`, evidence, fixes.join('; or ') || `make a runner group with "${label}" runners available to ${repo.fullName}`),
            serving: [],
            known: true,
        };
    }
    if (!orgRunners.ok && !orgIsUser && !repoLevel.length) {
        return {
            result: (0,checks/* check */.z6)(id, title, '', 'warn', `cannot list the org's runners (HTTP ${orgRunners.status}); no repo-level runner has the label`, evidence, ORG_RUNNER_PERMISSION),
            serving: [],
            known: false,
        };
    }
    return {
        result: (0,checks/* check */.z6)(id, title, '', 'warn', `no runner carries "${label}" right now; a runner scale set scaled to zero lists no runners, so recent jobs decide`, evidence, `check the label is spelled as the scale set publishes it, and that the scale set's runner group serves ${repo.fullName}; run a job with runs-on: ${label} to prove it`),
        serving: [],
        known: false,
    };
}
function capacity(label, serving, known) {
    const id = 'capacity';
    const title = CHECK_TITLES[id];
    const online = serving.filter((r) => r.status === 'online');
    const busy = online.filter((r) => r.busy);
    const idle = online.length - busy.length;
    const evidence = [
        `runners: ${serving.length}, online: ${online.length}, busy: ${busy.length}, idle: ${idle}`,
    ];
    if (serving.length === 0) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', known
            ? 'no runners listed (scaled to zero?): capacity is proven by recent jobs only'
            : 'no runners listed for the label: relying on recent jobs', evidence, `if the scale set for "${label}" should keep a warm pool, raise its minRunners; otherwise check recent jobs got a runner`);
    }
    if (online.length === 0) {
        return (0,checks/* check */.z6)(id, title, '', 'fail', `${serving.length} runner(s) with "${label}", none online`, evidence, 'check the runner pods and the scale set listener; offline runners never pick up jobs');
    }
    if (idle === 0) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', `all ${online.length} online runner(s) are busy: new jobs will queue`, evidence, `raise maxRunners of the "${label}" scale set, or add overflow capacity`);
    }
    return (0,checks/* check */.z6)(id, title, '', 'pass', `${idle} idle of ${online.length} online runner(s)`, evidence);
}
function recentJobs(label, jobs, options) {
    const id = 'recent-jobs';
    const title = CHECK_TITLES[id];
    if (!jobs.ok) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', `cannot read workflow runs (HTTP ${jobs.status})`, [jobs.message], 'grant the token actions: read on the repository');
    }
    const mine = jobs.value.filter((j) => j.labels.includes(label));
    if (mine.length === 0) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', `no job in the last ${options.maxRuns} run(s) asked for "${label}"`, [`jobs seen: ${jobs.value.length}`], `run a workflow with runs-on: ${label} (for example the platform-proof workflow) to prove the lane`);
    }
    const stats = queueStats(mine, options.now);
    const evidence = [
        `jobs: ${stats.jobs}, got a runner: ${stats.assigned}, waiting: ${stats.waiting}`,
        `queue wait p50 ${stats.p50Seconds === null ? 'n/a' : s(stats.p50Seconds * 1000)}, p95 ${stats.p95Seconds === null ? 'n/a' : s(stats.p95Seconds * 1000)}`,
        `succeeded: ${stats.succeeded}, failed: ${stats.failed}`,
    ];
    if (stats.waiting > 0 && stats.longestWaitSeconds * 1000 > options.maxQueueMs) {
        return (0,checks/* check */.z6)(id, title, '', 'fail', `${stats.waiting} job(s) waiting for "${label}", the longest for ${s(stats.longestWaitSeconds * 1000)}: no runner picks them up`, evidence, `a job that never starts means no runner with "${label}" may serve this repository: fix the runner group (check 2) or the scale set's listener`);
    }
    if (stats.assigned === 0) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', `${stats.jobs} job(s) asked for "${label}", none got a runner yet`, evidence, 'wait for the queued jobs or check the scale set listener');
    }
    if (stats.p95Seconds !== null && stats.p95Seconds * 1000 > options.queueTargetMs) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', `queue wait p95 ${s(stats.p95Seconds * 1000)} is above the ${s(options.queueTargetMs)} target`, evidence, `add capacity for "${label}" (maxRunners, a warm pool via minRunners) or spread jobs over time`);
    }
    return (0,checks/* check */.z6)(id, title, '', 'pass', `${stats.assigned} job(s) got a runner; queue wait p50 ${s((stats.p50Seconds ?? 0) * 1000)}, p95 ${s((stats.p95Seconds ?? 0) * 1000)}`, evidence);
}
function workflowLabels(repo, label, files) {
    const id = 'workflow-labels';
    const title = CHECK_TITLES[id];
    if (!files)
        return (0,checks/* check */.z6)(id, title, '', 'skip', 'not checked (check-workflows: false)');
    if (!files.ok) {
        if (files.status === 404) {
            return (0,checks/* check */.z6)(id, title, '', 'warn', `${repo.fullName} has no .github/workflows folder`, [], `add a workflow with runs-on: ${label}`);
        }
        return (0,checks/* check */.z6)(id, title, '', 'warn', `cannot read workflow files (HTTP ${files.status})`, [files.message], 'grant the token contents: read');
    }
    const using = workflowsUsingLabel(files.value, label);
    if (using.length === 0) {
        return (0,checks/* check */.z6)(id, title, '', 'warn', `none of ${files.value.length} workflow file(s) asks for "${label}"`, files.value.map((f) => f.path), `set runs-on: ${label} (or [self-hosted, ${label}]) on the jobs that should run on the platform`);
    }
    return (0,checks/* check */.z6)(id, title, '', 'pass', `${using.length} workflow file(s) ask for "${label}"`, using.map((u) => `${u.path}: ${u.jobs.join(', ')}`));
}

;// CONCATENATED MODULE: ./actions/canary-check/src/outside/github-source.ts


async function access(read) {
    try {
        return { ok: true, value: await read() };
    }
    catch (error) {
        const status = (0,forge.errorStatus)(error);
        if (status === undefined || status >= 500 || status === 429)
            throw error;
        return { ok: false, status, message: error instanceof Error ? error.message : String(error) };
    }
}
/**
 * Reads what the outside checks need from GitHub, economically: 100 per page, and each org's
 * runner groups, runners and group repository lists read once and shared by all its repositories.
 */
class GitHubSource {
    gh;
    orgRunnerMemo = new src/* Memo */.lD();
    orgGroupMemo = new src/* Memo */.lD();
    groupRepoMemo = new src/* Memo */.lD();
    constructor(gh) {
        this.gh = gh;
    }
    repo(owner, name) {
        return access(async () => {
            const { data } = await this.gh.request('GET /repos/{owner}/{repo}', { owner, repo: name });
            return {
                owner: data.owner.login,
                name: data.name,
                fullName: data.full_name,
                private: data.private,
                archived: data.archived,
                defaultBranch: data.default_branch,
            };
        });
    }
    repoRunners(owner, name) {
        return access(async () => {
            const runners = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runners', {
                owner,
                repo: name,
                per_page: forge.GITHUB_PER_PAGE,
            });
            return runners.map(toRunner);
        });
    }
    orgRunners(org) {
        return this.orgRunnerMemo.get(org.toLowerCase(), () => access(async () => {
            const runners = await this.gh.paginate('GET /orgs/{org}/actions/runners', {
                org,
                per_page: forge.GITHUB_PER_PAGE,
            });
            return runners.map(toRunner);
        }));
    }
    orgGroups(org) {
        return this.orgGroupMemo.get(org.toLowerCase(), () => access(async () => {
            const groups = await this.gh.paginate('GET /orgs/{org}/actions/runner-groups', {
                org,
                per_page: forge.GITHUB_PER_PAGE,
            });
            return groups.map((g) => ({
                id: g.id,
                name: g.name,
                visibility: g.visibility,
                isDefault: g.default,
                allowsPublicRepositories: g.allows_public_repositories,
                restrictedToWorkflows: g.restricted_to_workflows ?? false,
                selectedWorkflows: g.selected_workflows ?? [],
            }));
        }));
    }
    /** Names (lower-cased) of the repositories selected for a group. */
    groupRepositories(org, groupId) {
        return this.groupRepoMemo.get(`${org.toLowerCase()}/${groupId}`, () => access(async () => {
            const repos = await this.gh.paginate('GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories', {
                org,
                runner_group_id: groupId,
                per_page: forge.GITHUB_PER_PAGE,
            });
            return new Set(repos.map((r) => r.name.toLowerCase()));
        }));
    }
    /** Jobs of the newest `maxRuns` runs created since `since`. */
    recentJobs(owner, name, maxRuns, since) {
        return access(async () => {
            if (maxRuns <= 0)
                return [];
            const { data } = await this.gh.request('GET /repos/{owner}/{repo}/actions/runs', {
                owner,
                repo: name,
                per_page: Math.min(forge.GITHUB_PER_PAGE, maxRuns),
                created: `>=${since.toISOString().replace(/\.\d+Z$/, 'Z')}`,
                exclude_pull_requests: true,
            });
            const jobs = [];
            for (const run of data.workflow_runs.slice(0, maxRuns)) {
                const runId = Number(run.id);
                const list = await this.gh.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
                    owner,
                    repo: name,
                    run_id: runId,
                    per_page: forge.GITHUB_PER_PAGE,
                });
                for (const job of list) {
                    const first = (job.steps ?? []).map((s) => s.started_at).find((t) => Boolean(t)) ?? null;
                    jobs.push({
                        id: job.id,
                        runId,
                        name: job.name,
                        labels: job.labels,
                        status: job.status,
                        conclusion: job.conclusion,
                        createdAt: job.created_at,
                        firstStepAt: first,
                        runnerName: job.runner_name,
                        runnerGroupName: job.runner_group_name,
                    });
                }
            }
            return jobs;
        });
    }
    /** The workflow files under `.github/workflows` (YAML only). */
    workflowFiles(owner, name) {
        return access(async () => {
            const { data } = await this.gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
                owner,
                repo: name,
                path: '.github/workflows',
            });
            const entries = Array.isArray(data) ? data : [];
            const files = [];
            for (const entry of entries) {
                if (entry.type !== 'file' || !/\.ya?ml$/.test(entry.name))
                    continue;
                const file = await this.gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
                    owner,
                    repo: name,
                    path: entry.path,
                });
                const content = file.data.content ?? '';
                files.push({ path: entry.path, text: Buffer.from(content, 'base64').toString('utf8') });
            }
            return files;
        });
    }
}
function toRunner(r) {
    return {
        id: r.id,
        name: r.name,
        status: r.status,
        busy: r.busy,
        labels: r.labels.map((l) => l.name),
        ...(r.runner_group_id !== undefined ? { groupId: r.runner_group_id } : {}),
    };
}

;// CONCATENATED MODULE: ./actions/canary-check/src/outside/gitlab-checks.ts






/**
 * The GitLab side of the outside checks: the project is readable, runners available to it
 * (project, group and instance runners) carry the tag and are online and not paused, and recent
 * jobs with the tag got a runner (with their `queued_duration`).
 */
async function checkGitLabProject(gl, path, options) {
    const subject = (label) => `${path} × ${label}`;
    let project;
    try {
        project = (await gl.Projects.show(path));
    }
    catch (error) {
        const status = (0,forge.errorStatus)(error);
        if (status === undefined || status >= 500)
            throw error;
        return options.labels.flatMap((label) => [
            (0,checks/* check */.z6)('repo-access', CHECK_TITLES['repo-access'], subject(label), 'fail', `cannot read project ${path} (HTTP ${status})`, [], `check the project path and give the token read_api on ${path}`),
            ...['runner-visibility', 'capacity', 'recent-jobs', 'workflow-labels'].map((id) => (0,checks/* check */.z6)(id, CHECK_TITLES[id], subject(label), 'skip', 'skipped: the project cannot be read')),
        ]);
    }
    const jobs = (await gl.Jobs.all(project.id, {
        perPage: forge.GITLAB_PER_PAGE,
        maxPages: Math.max(1, Math.ceil(options.maxRuns / 10)),
    }));
    const ciFile = options.checkWorkflows
        ? await readCiFile(gl, project.id, project.default_branch)
        : undefined;
    const results = [];
    for (const label of options.labels) {
        results.push((0,checks/* check */.z6)('repo-access', CHECK_TITLES['repo-access'], subject(label), 'pass', `${project.path_with_namespace} is readable (${project.visibility ?? 'unknown visibility'})`, [`shared runners enabled: ${project.shared_runners_enabled ?? 'unknown'}`]));
        const listed = (await gl.Runners.all({
            projectId: project.id,
            tagList: [label],
            perPage: forge.GITLAB_PER_PAGE,
        }));
        const runners = [];
        for (const r of listed) {
            const d = (await gl.Runners.show(r.id));
            runners.push({
                id: r.id,
                description: String(d['description'] ?? ''),
                type: String(d['runner_type'] ?? ''),
                online: d['online'] === true,
                status: String(d['status'] ?? ''),
                paused: d['paused'] === true,
                locked: d['locked'] === true,
                runUntagged: d['run_untagged'] === true,
                tags: d['tag_list'] ?? [],
            });
        }
        const usable = runners.filter((r) => r.tags.includes(label) && !r.paused);
        const evidence = runners.map((r) => `#${r.id} ${r.description} (${r.type}): ${r.status}${r.paused ? ', paused' : ''}${r.locked ? ', locked' : ''}, tags ${r.tags.join(',') || '—'}, run_untagged ${r.runUntagged}`);
        if (usable.length) {
            results.push((0,checks/* check */.z6)('runner-visibility', CHECK_TITLES['runner-visibility'], subject(label), 'pass', `${usable.length} runner(s) with tag "${label}" are available to the project`, evidence));
        }
        else if (runners.length) {
            results.push((0,checks/* check */.z6)('runner-visibility', CHECK_TITLES['runner-visibility'], subject(label), 'fail', `runners with tag "${label}" exist but all are paused`, evidence, "resume (unpause) a runner with the tag in the project's or group's CI/CD settings"));
        }
        else {
            results.push((0,checks/* check */.z6)('runner-visibility', CHECK_TITLES['runner-visibility'], subject(label), 'fail', `no runner with tag "${label}" is available to ${path}`, [], `register a runner with the tag "${label}" for the project or its group, or enable instance runners for the project`));
        }
        const online = usable.filter((r) => r.online);
        results.push(usable.length === 0
            ? (0,checks/* check */.z6)('capacity', CHECK_TITLES.capacity, subject(label), 'skip', 'no usable runner')
            : online.length
                ? (0,checks/* check */.z6)('capacity', CHECK_TITLES.capacity, subject(label), 'pass', `${online.length} of ${usable.length} usable runner(s) online`, [])
                : (0,checks/* check */.z6)('capacity', CHECK_TITLES.capacity, subject(label), 'fail', `none of ${usable.length} usable runner(s) is online`, [], 'check the runner deployment in the gitlab-runners namespace'));
        const mine = jobs.filter((j) => j.tag_list.includes(label));
        const waits = mine.map((j) => j.queued_duration).filter((q) => typeof q === 'number');
        const pending = mine.filter((j) => j.status === 'pending' && !j.runner);
        const longest = Math.max(0, ...pending.map((j) => (options.now.getTime() - Date.parse(j.created_at)) / 1000));
        const jobEvidence = [
            `jobs: ${mine.length}, pending: ${pending.length}`,
            waits.length
                ? `queued_duration p50 ${(0,src/* formatDuration */.a3)(quantile(waits, 0.5) * 1000)}, p95 ${(0,src/* formatDuration */.a3)(quantile(waits, 0.95) * 1000)}`
                : 'no queued_duration yet',
        ];
        if (mine.length === 0) {
            results.push((0,checks/* check */.z6)('recent-jobs', CHECK_TITLES['recent-jobs'], subject(label), 'warn', `no recent job asked for tag "${label}"`, jobEvidence, `run a pipeline with a job tagged "${label}"`));
        }
        else if (pending.length && longest * 1000 > options.maxQueueMs) {
            results.push((0,checks/* check */.z6)('recent-jobs', CHECK_TITLES['recent-jobs'], subject(label), 'fail', `${pending.length} job(s) pending for up to ${(0,src/* formatDuration */.a3)(longest * 1000)}`, jobEvidence, 'no runner takes these jobs: check runner tags, paused state and run_untagged'));
        }
        else if (waits.length && quantile(waits, 0.95) * 1000 > options.queueTargetMs) {
            results.push((0,checks/* check */.z6)('recent-jobs', CHECK_TITLES['recent-jobs'], subject(label), 'warn', 'queue wait p95 above target', jobEvidence, 'add runner replicas (HPA max) for the tag'));
        }
        else {
            results.push((0,checks/* check */.z6)('recent-jobs', CHECK_TITLES['recent-jobs'], subject(label), 'pass', `${mine.length} job(s) with tag "${label}" ran`, jobEvidence));
        }
        results.push(ciTagCheck(subject(label), label, ciFile));
    }
    return results;
}
async function readCiFile(gl, projectId, ref = 'main') {
    try {
        const raw = await gl.RepositoryFiles.showRaw(projectId, '.gitlab-ci.yml', ref);
        return { ok: true, text: typeof raw === 'string' ? raw : await raw.text() };
    }
    catch (error) {
        const status = (0,forge.errorStatus)(error);
        if (status === undefined || status >= 500)
            throw error;
        return { ok: false, status };
    }
}
/** Check 5 on GitLab: the project's .gitlab-ci.yml asks for the tag. */
function ciTagCheck(subject, label, file) {
    const id = 'workflow-labels';
    const title = CHECK_TITLES[id];
    if (!file)
        return (0,checks/* check */.z6)(id, title, subject, 'skip', 'not checked (check-workflows: false)');
    if (!file.ok) {
        return file.status === 404
            ? (0,checks/* check */.z6)(id, title, subject, 'warn', 'the project has no .gitlab-ci.yml on its default branch', [], `add jobs with tags: [${label}]`)
            : (0,checks/* check */.z6)(id, title, subject, 'warn', `cannot read .gitlab-ci.yml (HTTP ${file.status})`, [], 'give the token read_repository (or read_api)');
    }
    const { jobs, includes } = gitlabJobsUsingTag(file.text, label);
    if (jobs.length > 0) {
        return (0,checks/* check */.z6)(id, title, subject, 'pass', `${jobs.length} job(s) in .gitlab-ci.yml ask for tag "${label}"`, jobs);
    }
    return (0,checks/* check */.z6)(id, title, subject, 'warn', `no job in .gitlab-ci.yml asks for tag "${label}"${includes ? ' (its included files are not read here)' : ''}`, [], `add tags: [${label}] to the jobs that should run on the platform (or to default:)`);
}

;// CONCATENATED MODULE: ./actions/canary-check/src/outside/run-outside.ts





const GITHUB_REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/;
/** Validates the repository names for the forge before any request is made. */
function parseRepositories(forge, names) {
    for (const name of names) {
        const ok = forge === 'github' ? GITHUB_REPO.test(name) && !name.endsWith('/.') : GITLAB_PROJECT.test(name);
        if (!ok) {
            throw new src/* FlywheelError */.Lt('INPUT_INVALID', `input \`repositories\` is invalid: \`${name}\` is not ${forge === 'github' ? 'a GitHub repository as `owner/repo`' : 'a GitLab project path as `group/project`'}`, {
                hint: forge === 'github'
                    ? 'write each repository as owner/repo, e.g. tinyland/app'
                    : 'write each project as its full path, e.g. tinyland/infra/app',
                details: { input: 'repositories', value: name },
            });
        }
    }
    return [...new Set(names)];
}
/** Checks every repository × label, at most `concurrency` repositories at a time. */
async function runOutside(run) {
    if (run.forge === 'gitlab') {
        const gl = (0,forge.createGitLabClient)({ host: run.apiUrl.replace(/\/api\/v4\/?$/, ''), token: run.token });
        const perProject = await (0,src/* mapLimit */.sf)(run.repositories, run.concurrency, (path) => checkGitLabProject(gl, path, run));
        return perProject.flat();
    }
    const gh = (0,forge.createGitHubClient)({
        token: run.token,
        baseUrl: run.apiUrl,
        ...(run.retryAfterBaseMs !== undefined ? { retryAfterBaseMs: run.retryAfterBaseMs } : {}),
        ...(run.onRateLimit ? { onRateLimit: run.onRateLimit } : {}),
    });
    const source = new GitHubSource(gh);
    const perRepo = await (0,src/* mapLimit */.sf)(run.repositories, run.concurrency, (full) => {
        const [owner, name] = full.split('/');
        return checkGitHubRepository(source, owner, name, run);
    });
    return perRepo.flat();
}


/***/ }),

/***/ 3428:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GITHUB_PER_PAGE: () => (/* reexport */ GITHUB_PER_PAGE),
  GITLAB_PER_PAGE: () => (/* reexport */ GITLAB_PER_PAGE),
  createGitHubClient: () => (/* reexport */ createGitHubClient),
  createGitLabClient: () => (/* reexport */ createGitLabClient),
  errorStatus: () => (/* reexport */ errorStatus),
  toForgeError: () => (/* reexport */ toForgeError)
});

// EXTERNAL MODULE: ./packages/shared/src/errors.ts
var errors = __webpack_require__(9680);
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
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
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
var dist = __webpack_require__(342);
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

/***/ 5407:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

var map = {
	"./BurstyRateLimiter": [
		5860
	],
	"./BurstyRateLimiter.js": [
		5860
	],
	"./ExpressBruteFlexible": [
		3966,
		966
	],
	"./ExpressBruteFlexible.js": [
		3966,
		966
	],
	"./RLWrapperBlackAndWhite": [
		7383
	],
	"./RLWrapperBlackAndWhite.js": [
		7383
	],
	"./RLWrapperTimeouts": [
		4016
	],
	"./RLWrapperTimeouts.js": [
		4016
	],
	"./RateLimiterAbstract": [
		8569
	],
	"./RateLimiterAbstract.js": [
		8569
	],
	"./RateLimiterCluster": [
		565
	],
	"./RateLimiterCluster.js": [
		565
	],
	"./RateLimiterDrizzle": [
		673
	],
	"./RateLimiterDrizzle.js": [
		673
	],
	"./RateLimiterDrizzleNonAtomic": [
		5347
	],
	"./RateLimiterDrizzleNonAtomic.js": [
		5347
	],
	"./RateLimiterDynamo": [
		2309
	],
	"./RateLimiterDynamo.js": [
		2309
	],
	"./RateLimiterEtcd": [
		6481
	],
	"./RateLimiterEtcd.js": [
		6481
	],
	"./RateLimiterEtcdNonAtomic": [
		5299
	],
	"./RateLimiterEtcdNonAtomic.js": [
		5299
	],
	"./RateLimiterInsuredAbstract": [
		3847
	],
	"./RateLimiterInsuredAbstract.js": [
		3847
	],
	"./RateLimiterMemcache": [
		3250
	],
	"./RateLimiterMemcache.js": [
		3250
	],
	"./RateLimiterMemory": [
		4544
	],
	"./RateLimiterMemory.js": [
		4544
	],
	"./RateLimiterMongo": [
		8439
	],
	"./RateLimiterMongo.js": [
		8439
	],
	"./RateLimiterMySQL": [
		7793
	],
	"./RateLimiterMySQL.js": [
		7793
	],
	"./RateLimiterPostgres": [
		3740
	],
	"./RateLimiterPostgres.js": [
		3740
	],
	"./RateLimiterPrisma": [
		6323
	],
	"./RateLimiterPrisma.js": [
		6323
	],
	"./RateLimiterQueue": [
		2860
	],
	"./RateLimiterQueue.js": [
		2860
	],
	"./RateLimiterRedis": [
		4336
	],
	"./RateLimiterRedis.js": [
		4336
	],
	"./RateLimiterRes": [
		449
	],
	"./RateLimiterRes.js": [
		449
	],
	"./RateLimiterSQLite": [
		3283
	],
	"./RateLimiterSQLite.js": [
		3283
	],
	"./RateLimiterStoreAbstract": [
		5140
	],
	"./RateLimiterStoreAbstract.js": [
		5140
	],
	"./RateLimiterUnion": [
		244
	],
	"./RateLimiterUnion.js": [
		244
	],
	"./RateLimiterValkey": [
		2193
	],
	"./RateLimiterValkey.js": [
		2193
	],
	"./RateLimiterValkeyGlide": [
		3756
	],
	"./RateLimiterValkeyGlide.js": [
		3756
	],
	"./component/BlockedKeys": [
		8830
	],
	"./component/BlockedKeys/": [
		8830
	],
	"./component/BlockedKeys/BlockedKeys": [
		5202
	],
	"./component/BlockedKeys/BlockedKeys.js": [
		5202
	],
	"./component/BlockedKeys/index": [
		8830
	],
	"./component/BlockedKeys/index.js": [
		8830
	],
	"./component/MemoryStorage": [
		8178,
		178
	],
	"./component/MemoryStorage/": [
		8178,
		178
	],
	"./component/MemoryStorage/MemoryStorage": [
		1534
	],
	"./component/MemoryStorage/MemoryStorage.js": [
		1534
	],
	"./component/MemoryStorage/Record": [
		749
	],
	"./component/MemoryStorage/Record.js": [
		749
	],
	"./component/MemoryStorage/index": [
		8178,
		178
	],
	"./component/MemoryStorage/index.js": [
		8178,
		178
	],
	"./component/RateLimiterEtcdTransactionFailedError": [
		3184
	],
	"./component/RateLimiterEtcdTransactionFailedError.js": [
		3184
	],
	"./component/RateLimiterQueueError": [
		7948
	],
	"./component/RateLimiterQueueError.js": [
		7948
	],
	"./component/RateLimiterSetupError": [
		2922
	],
	"./component/RateLimiterSetupError.js": [
		2922
	],
	"./constants": [
		3880,
		880
	],
	"./constants.js": [
		3880,
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
webpackAsyncContext.id = 5407;
module.exports = webpackAsyncContext;

/***/ })

};
