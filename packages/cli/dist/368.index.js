export const id = 368;
export const ids = [368,820];
export const modules = {

/***/ 9096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubJobTiming: () => (/* binding */ githubJobTiming),
/* harmony export */   gitlabJobTiming: () => (/* binding */ gitlabJobTiming)
/* harmony export */ });
/* harmony import */ var _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(35129);
/* harmony import */ var _gloriousflywheel_shared_forge__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(23428);


const seconds = (from, to) => from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;
function fromGitHubJob(job) {
    const first = job.steps?.[0];
    const firstStart = first?.started_at ?? null;
    return {
        source: 'github',
        jobId: job.id,
        createdAt: job.created_at,
        startedAt: firstStart,
        queueSeconds: seconds(job.created_at, firstStart),
        apiStartedMinusCreatedSeconds: seconds(job.created_at, job.started_at),
        setupSeconds: seconds(first?.started_at, first?.completed_at),
        runnerName: job.runner_name,
        labels: job.labels,
        precisionSeconds: 1,
    };
}
/** Finds this job through the GitHub API and reads its timing. */
async function githubJobTiming(client, q) {
    try {
        if (q.jobId) {
            const { data } = await client.rest.actions.getJobForWorkflowRun({
                owner: q.owner,
                repo: q.repo,
                job_id: q.jobId,
            });
            return fromGitHubJob(data);
        }
        if (!q.runId)
            throw new _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_0__/* .FlywheelError */ .Lt('INPUT_INVALID', 'neither a job id nor a run id is known, so the job cannot be found');
        const jobs = (await client.paginate(client.rest.actions.listJobsForWorkflowRun, {
            owner: q.owner,
            repo: q.repo,
            run_id: q.runId,
            per_page: 100,
        }));
        // As the runner reports it: the one in-progress job on this runner is ours.
        const mine = jobs.find((j) => j.status === 'in_progress' && q.runnerName && j.runner_name === q.runnerName);
        if (!mine) {
            throw new _gloriousflywheel_shared__WEBPACK_IMPORTED_MODULE_0__/* .FlywheelError */ .Lt('NOT_FOUND', `no in-progress job of run ${q.runId} runs on runner ${q.runnerName ?? '(unknown)'}`, {
                // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
                hint: 'pass `job-id: ${{ job.check_run_id }}` to name the job exactly',
            });
        }
        return fromGitHubJob(mine);
    }
    catch (error) {
        throw (0,_gloriousflywheel_shared_forge__WEBPACK_IMPORTED_MODULE_1__.toForgeError)(error, "reading this job's timing from GitHub", 'the token needs `actions: read`');
    }
}
/** Reads this job's timing from GitLab (`queued_duration` counts from when it became pending). */
async function gitlabJobTiming(client, projectId, jobId) {
    try {
        const job = (await client.Jobs.show(projectId, jobId));
        return {
            source: 'gitlab',
            jobId: job.id,
            createdAt: job.created_at,
            startedAt: job.started_at,
            queueSeconds: job.queued_duration ?? seconds(job.created_at, job.started_at),
            apiStartedMinusCreatedSeconds: seconds(job.created_at, job.started_at),
            setupSeconds: null,
            runnerName: job.runner?.description ?? null,
            labels: job.tag_list ?? [],
            precisionSeconds: 1,
        };
    }
    catch (error) {
        throw (0,_gloriousflywheel_shared_forge__WEBPACK_IMPORTED_MODULE_1__.toForgeError)(error, "reading this job's timing from GitLab", 'the job token must be able to read this job');
    }
}


/***/ }),

/***/ 23428:
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
