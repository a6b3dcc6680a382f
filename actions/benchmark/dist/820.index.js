export const id = 820;
export const ids = [820];
export const modules = {

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
