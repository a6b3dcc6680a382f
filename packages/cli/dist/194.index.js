export const id = 194;
export const ids = [194];
export const modules = {

/***/ 92194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ANNOTATION: () => (/* reexport */ ANNOTATION),
  ArcSimulator: () => (/* reexport */ ArcSimulator),
  CONTROLLER_DEPLOYMENT: () => (/* reexport */ CONTROLLER_DEPLOYMENT),
  DEFAULT_PATCH: () => (/* reexport */ DEFAULT_PATCH),
  DEMO_JOBS: () => (/* reexport */ DEMO_JOBS),
  DEMO_SCALE_SETS: () => (/* reexport */ DEMO_SCALE_SETS),
  FAST_REAL_TIME_TIMINGS: () => (/* reexport */ FAST_REAL_TIME_TIMINGS),
  FINALIZER: () => (/* reexport */ FINALIZER),
  KIND: () => (/* reexport */ KIND),
  LABEL: () => (/* reexport */ LABEL),
  SimClock: () => (/* reexport */ SimClock),
  controllerDeployment: () => (/* reexport */ controllerDeployment),
  demoFleet: () => (/* reexport */ demoFleet),
  fleetStatus: () => (/* reexport */ fleetStatus),
  formatFleetStatus: () => (/* reexport */ formatFleetStatus),
  listenerName: () => (/* reexport */ listenerName),
  populateDemoFleet: () => (/* reexport */ populateDemoFleet),
  startSimulatedCluster: () => (/* reexport */ startSimulatedCluster)
});

;// CONCATENATED MODULE: ./packages/testkit/src/arc/clock.ts
/**
 * Simulated time: a current instant and an ordered timer queue. The simulator drives it (running
 * reconciles between timers); nothing here sleeps.
 */
class SimClock {
    t;
    seq = 0;
    timers = [];
    constructor(start = new Date('2026-01-05T12:00:00Z')) {
        this.t = start.getTime();
    }
    now() {
        return new Date(this.t);
    }
    nowMs() {
        return this.t;
    }
    schedule(delayMs, fn, background = false) {
        const timer = { id: ++this.seq, at: this.t + Math.max(0, delayMs), fn, background };
        // Keep the queue ordered by time, then by insertion.
        let i = this.timers.length;
        while (i > 0 && this.timers[i - 1].at > timer.at)
            i--;
        this.timers.splice(i, 0, timer);
        return timer.id;
    }
    cancel(id) {
        if (id === undefined)
            return;
        this.timers = this.timers.filter((t) => t.id !== id);
    }
    /** The time of the next timer due at or before `limit`, if any. */
    nextDue(limit) {
        const next = this.timers[0];
        return next && next.at <= limit ? next.at : undefined;
    }
    /** Moves to `at` and runs every timer due then (timers scheduled by them for the same instant too). */
    runDue(at) {
        this.t = Math.max(this.t, at);
        while (this.timers[0] && this.timers[0].at <= this.t) {
            const timer = this.timers.shift();
            timer.fn();
        }
    }
    moveTo(at) {
        this.t = Math.max(this.t, at);
    }
    /** How many one-shot (non-background) timers are pending. */
    get pendingForeground() {
        return this.timers.filter((t) => !t.background).length;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/testkit/src/kube/resources.ts
const ARC_GROUP = 'actions.github.com';
const ARC_VERSION = 'v1alpha1';
function core(plural, kind, namespaced, subresources = [], shortNames) {
    return resource('', 'v1', plural, kind, namespaced, subresources, false, shortNames);
}
function resource(group, version, plural, kind, namespaced, subresources, custom, shortNames) {
    return {
        group,
        version,
        plural,
        singular: kind.toLowerCase(),
        kind,
        listKind: `${kind}List`,
        namespaced,
        subresources,
        custom,
        ...(shortNames ? { shortNames } : {}),
    };
}
/** Every resource type the fake serves. The four ARC kinds are custom resources with a status subresource. */
const RESOURCE_TYPES = [
    core('namespaces', 'Namespace', false, ['status'], ['ns']),
    core('pods', 'Pod', true, ['status'], ['po']),
    core('secrets', 'Secret', true),
    core('configmaps', 'ConfigMap', true, [], ['cm']),
    core('serviceaccounts', 'ServiceAccount', true, [], ['sa']),
    resource('apps', 'v1', 'deployments', 'Deployment', true, ['status'], false, ['deploy']),
    resource(ARC_GROUP, ARC_VERSION, 'autoscalingrunnersets', 'AutoscalingRunnerSet', true, ['status'], true),
    resource(ARC_GROUP, ARC_VERSION, 'ephemeralrunnersets', 'EphemeralRunnerSet', true, ['status'], true),
    resource(ARC_GROUP, ARC_VERSION, 'ephemeralrunners', 'EphemeralRunner', true, ['status'], true),
    resource(ARC_GROUP, ARC_VERSION, 'autoscalinglisteners', 'AutoscalingListener', true, ['status'], true),
];
function apiVersionOf(type) {
    return type.group ? `${type.group}/${type.version}` : type.version;
}
/** `pods`, `deployments.apps`, `ephemeralrunners.actions.github.com`: how Kubernetes names a resource in messages. */
function qualifiedName(type) {
    return type.group ? `${type.plural}.${type.group}` : type.plural;
}
function findResource(group, version, plural) {
    return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
}
/** Looks a type up by kind (and optional apiVersion), as the simulator and tests name them. */
function resourceByKind(kind, apiVersion) {
    const type = RESOURCE_TYPES.find((t) => (t.kind === kind || t.plural === kind) && (!apiVersion || apiVersionOf(t) === apiVersion));
    if (!type)
        throw new Error(`the fake Kubernetes API does not serve kind ${kind}`);
    return type;
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/status.ts

/** Builds Kubernetes `Status` error bodies with the reasons and messages the real API server uses. */
class StatusError extends Error {
    status;
    constructor(status) {
        super(status.message);
        this.status = status;
    }
}
function failure(code, reason, message, details) {
    return new StatusError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message,
        reason,
        ...(details ? { details } : {}),
        code,
    });
}
function details(type, name) {
    return { ...(name !== undefined ? { name } : {}), group: type.group, kind: type.plural };
}
const statusErrors = {
    notFound: (type, name) => failure(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, details(type, name)),
    alreadyExists: (type, name) => failure(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, details(type, name)),
    conflict: (type, name) => failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, details(type, name)),
    invalid: (type, name, causes) => failure(422, 'Invalid', `${type.group ? `${type.kind}.${type.group}` : type.kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`, {
        ...details(type, name),
        kind: type.kind,
        causes: causes.map((c) => ({
            reason: c.reason ?? 'FieldValueInvalid',
            message: c.message,
            field: c.field,
        })),
    }),
    forbidden: (type, name, message) => failure(403, 'Forbidden', message, details(type, name)),
    badRequest: (message) => failure(400, 'BadRequest', message),
    unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
    methodNotAllowed: (message) => failure(405, 'MethodNotAllowed', message),
    unsupportedMediaType: (contentType) => failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`),
    /** What the API server answers when a JSON patch cannot be applied (failed `test`, missing path). */
    unprocessable: (message) => failure(422, 'Invalid', `the server rejected our request due to an error in our request (${message})`, {
        causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
    }),
    gone: (message) => failure(410, 'Expired', message),
    pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource'),
};

;// CONCATENATED MODULE: ./packages/testkit/src/kube/faults.ts

/**
 * Ready-made faults for the fake API server, answering with Kubernetes `Status` bodies.
 * `path` is an API path prefix or a regular expression; `method` narrows it further.
 */
const kubeFaults = {
    conflict: (path, o = {}) => ({
        path,
        ...o,
        status: 409,
        body: failure(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again').status,
    }),
    tooManyRequests: (path, retryAfterSeconds = 1, o = {}) => ({
        path,
        ...o,
        status: 429,
        headers: { 'retry-after': String(retryAfterSeconds) },
        body: failure(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', {
            retryAfterSeconds,
        }).status,
    }),
    serverError: (path, o = {}) => ({
        path,
        ...o,
        status: 500,
        body: failure(500, 'InternalError', 'Internal error occurred: injected fault').status,
    }),
    reset: (path, o = {}) => ({
        path,
        ...o,
        reset: true,
    }),
    latency: (path, latencyMs, o = {}) => ({
        path,
        ...o,
        latencyMs,
    }),
};

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./packages/testkit/src/kube/kubeconfig.ts



/** A kubeconfig for the fake, as `kubectl config view --raw` would print it. */
function kubeconfigYaml(options) {
    const name = options.name ?? 'flywheel-sim';
    return dist.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        preferences: {},
        'current-context': name,
        // client-node 2 refuses a plain-HTTP server unless the cluster is marked insecure-skip-tls-verify.
        clusters: [
            {
                name,
                cluster: {
                    server: options.server,
                    ...(options.server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}),
                },
            },
        ],
        users: [{ name, user: { token: options.token } }],
        contexts: [
            {
                name,
                context: {
                    cluster: name,
                    user: name,
                    ...(options.namespace ? { namespace: options.namespace } : {}),
                },
            },
        ],
    });
}
/** Writes the kubeconfig as a 0600 file (it holds a token) in `dir` and returns its path. */
function writeKubeconfig(dir, options, fileName = 'kubeconfig') {
    const path = (0,external_node_path_.join)(dir, fileName);
    (0,external_node_fs_.writeFileSync)(path, kubeconfigYaml(options), { mode: 0o600 });
    return path;
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/rbac.ts


const ALL = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
function adminIdentity(token) {
    return { token, user: 'kubernetes-admin', rules: [ALL] };
}
function any(list, value) {
    return !list || list.includes('*') || list.includes(value);
}
function resourceMatches(rule, resource, subresource) {
    const full = subresource ? `${resource}/${subresource}` : resource;
    return rule.resources.some((r) => r === '*' ||
        r === full ||
        (subresource !== undefined && (r === `${resource}/*` || r === `*/${subresource}`)));
}
function ruleAllows(rule, attrs) {
    if (!any(rule.verbs, attrs.verb))
        return false;
    if (!any(rule.apiGroups ?? [''], attrs.group))
        return false;
    if (!resourceMatches(rule, attrs.resource, attrs.subresource))
        return false;
    if (rule.namespaces && (attrs.namespace === undefined || !any(rule.namespaces, attrs.namespace)))
        return false;
    // resourceNames never allow list/watch/create without a name, as in Kubernetes.
    if (rule.resourceNames && rule.resourceNames.length > 0) {
        return attrs.name !== undefined && rule.resourceNames.includes(attrs.name);
    }
    return true;
}
function allows(identity, attrs) {
    return identity.rules.some((rule) => ruleAllows(rule, attrs));
}
function userOf(identity, index = 0) {
    return identity.user ?? `system:serviceaccount:default:user-${index}`;
}
function forbidden(identity, type, attrs) {
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const scope = attrs.namespace !== undefined ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
    const subject = attrs.name !== undefined ? `${qualifiedName(type)} "${attrs.name}"` : qualifiedName(type);
    return statusErrors.forbidden(type, attrs.name, `${subject} is forbidden: User "${userOf(identity)}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${scope}`);
}
/** What SelfSubjectRulesReview answers for a namespace: the rules that apply there. */
function rulesFor(identity, namespace) {
    const resourceRules = identity.rules
        .filter((r) => !r.namespaces || any(r.namespaces, namespace))
        .map((r) => ({
        verbs: r.verbs,
        apiGroups: r.apiGroups ?? [''],
        resources: r.resources,
        ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
    }));
    // Every authenticated user may review its own access (system:basic-user).
    resourceRules.push({
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    });
    return {
        resourceRules,
        nonResourceRules: [
            { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version'] },
        ],
        incomplete: false,
    };
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/selectors.ts

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
/** Splits on commas that are not inside parentheses. */
function splitTerms(text) {
    const terms = [];
    let depth = 0;
    let current = '';
    for (const ch of text) {
        if (ch === '(')
            depth++;
        if (ch === ')')
            depth--;
        if (ch === ',' && depth === 0) {
            terms.push(current);
            current = '';
        }
        else
            current += ch;
    }
    terms.push(current);
    return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}
function checkKey(key, selector) {
    if (!KEY.test(key))
        throw statusErrors.badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
    return key;
}
function parseLabelSelector(text) {
    if (!text)
        return [];
    return splitTerms(text).map((term) => {
        const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
        if (set) {
            const values = set[3]
                .split(',')
                .map((v) => v.trim())
                .filter((v) => v.length > 0);
            return { key: checkKey(set[1], text), op: set[2], values };
        }
        const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
        if (cmp) {
            const op = cmp[2] === '!=' ? 'notin' : 'in';
            return { key: checkKey(cmp[1], text), op, values: [cmp[3]] };
        }
        if (term.startsWith('!'))
            return { key: checkKey(term.slice(1).trim(), text), op: 'notexists' };
        return { key: checkKey(term, text), op: 'exists' };
    });
}
function matchesLabels(selector, labels) {
    const l = labels ?? {};
    return selector.every((r) => {
        const has = Object.hasOwn(l, r.key);
        switch (r.op) {
            case 'exists':
                return has;
            case 'notexists':
                return !has;
            case 'in':
                return has && r.values.includes(l[r.key]);
            case 'notin':
                return !has || !r.values.includes(l[r.key]);
            default:
                return false;
        }
    });
}
/** Field labels each kind supports, as the API server does: anything else is a 400. */
function supportedFields(type) {
    const common = ['metadata.name', 'metadata.namespace'];
    if (type.kind === 'Pod')
        return [...common, 'status.phase', 'spec.nodeName', 'spec.restartPolicy'];
    if (type.kind === 'Secret')
        return [...common, 'type'];
    if (type.kind === 'Namespace')
        return [...common, 'status.phase'];
    return common;
}
function parseFieldSelector(text, type) {
    if (!text)
        return [];
    return splitTerms(text).map((term) => {
        const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
        if (!m)
            throw statusErrors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
        const field = m[1];
        if (!supportedFields(type).includes(field)) {
            throw statusErrors.badRequest(`field label not supported: ${field}`);
        }
        return { field, op: m[2] === '!=' ? '!=' : '=', value: m[3] };
    });
}
function fieldValue(obj, field) {
    let value = obj;
    for (const part of field.split('.'))
        value = value?.[part];
    return value === undefined || value === null ? '' : String(value);
}
function matchesFields(requirements, obj) {
    return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}
function matchesFilter(filter, obj) {
    if (filter.namespace !== undefined && obj.metadata.namespace !== filter.namespace)
        return false;
    return matchesLabels(filter.labels, obj.metadata.labels) && matchesFields(filter.fields, obj);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
;// CONCATENATED MODULE: ./packages/testkit/src/http/faults.ts
class FaultInjector {
    active = [];
    add(fault) {
        this.active.push({ ...fault, used: 0 });
    }
    clear() {
        this.active.length = 0;
    }
    /** Returns true when the fault answered the request (the real handler must not run). */
    async apply(method, url, req, res) {
        const fault = this.active.find((f) => (f.times === undefined || f.used < f.times) &&
            (!f.method || f.method === method) &&
            (!f.path ||
                (typeof f.path === 'string' ? url.pathname.startsWith(f.path) : f.path.test(url.pathname))));
        if (!fault)
            return false;
        fault.used += 1;
        if (fault.latencyMs)
            await new Promise((r) => setTimeout(r, fault.latencyMs));
        if (fault.reset) {
            req.socket.destroy();
            return true;
        }
        if (fault.status !== undefined) {
            // Drain the request so the client sees the answer rather than an EPIPE.
            req.resume();
            const body = fault.body === undefined
                ? ''
                : typeof fault.body === 'string'
                    ? fault.body
                    : JSON.stringify(fault.body);
            res.writeHead(fault.status, {
                'content-type': typeof fault.body === 'string' ? 'text/plain' : 'application/json',
                ...fault.headers,
            });
            res.end(body);
            return true;
        }
        if (fault.slowBodyMsPerKiB)
            trickle(res, fault.slowBodyMsPerKiB);
        return false;
    }
}
/** Wraps res.write/end so the body leaves in 1 KiB pieces with a pause between them. */
function trickle(res, msPerKiB) {
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const pending = [];
    res.write = ((chunk) => {
        pending.push(Buffer.from(chunk));
        return true;
    });
    res.end = ((chunk) => {
        if (chunk && typeof chunk !== 'function')
            pending.push(Buffer.from(chunk));
        const all = Buffer.concat(pending);
        void (async () => {
            for (let i = 0; i < all.length; i += 1024) {
                if (res.destroyed)
                    return;
                write(all.subarray(i, i + 1024));
                await new Promise((r) => setTimeout(r, msPerKiB));
            }
            end();
        })();
        return res;
    });
}

;// CONCATENATED MODULE: ./packages/testkit/src/http/fake-server.ts


/**
 * An HTTP server on 127.0.0.1 that every fake in the testkit is built on: it applies injected
 * faults before the fake's own handler runs and keeps a log of every request with its final status.
 */
class FakeHttpServer {
    handler;
    faults = new FaultInjector();
    log = [];
    server;
    sockets = new Set();
    startedAt = Date.now();
    base = '';
    constructor(handler) {
        this.handler = handler;
    }
    get url() {
        if (!this.base)
            throw new Error('fake server not started');
        return this.base;
    }
    async start(port = 0) {
        const server = (0,external_node_http_.createServer)((req, res) => void this.dispatch(req, res));
        server.keepAliveTimeout = 1000;
        server.on('connection', (socket) => {
            this.sockets.add(socket);
            socket.on('close', () => this.sockets.delete(socket));
        });
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(port, '127.0.0.1', () => resolve());
        });
        this.server = server;
        this.base = `http://127.0.0.1:${server.address().port}`;
        return this.base;
    }
    async stop() {
        const server = this.server;
        if (!server)
            return;
        this.server = undefined;
        for (const socket of this.sockets)
            socket.destroy();
        await new Promise((resolve) => server.close(() => resolve()));
    }
    /** Requests matching a method and a path (string prefix or regex). */
    requests(method, path) {
        return this.log.filter((r) => (!method || r.method === method) &&
            (!path || (typeof path === 'string' ? r.path.startsWith(path) : path.test(r.path))));
    }
    inject(fault) {
        this.faults.add(fault);
    }
    async dispatch(req, res) {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const record = {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            at: Date.now() - this.startedAt,
        };
        this.log.push(record);
        res.on('finish', () => {
            record.status = res.statusCode;
        });
        try {
            const handled = await this.faults.apply(record.method, url, req, res);
            if (handled)
                return;
            await this.handler(req, res, url);
        }
        catch (error) {
            if (!res.headersSent) {
                res.writeHead(500, { 'content-type': 'text/plain' });
                res.end(`fake server error: ${error.message}`);
            }
            else {
                res.destroy();
            }
        }
    }
}
async function readBody(req) {
    const chunks = [];
    for await (const chunk of req)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
async function readJson(req) {
    const body = await readBody(req);
    return JSON.parse(body.toString('utf8') || 'null');
}
function sendJson(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}
function sendText(res, status, text, headers = {}) {
    res.writeHead(status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/discovery.ts

const OBJECT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const AUTHZ_GROUP = 'authorization.k8s.io';
/** The server's version answer; the minor tracks a recent Kubernetes release. */
const VERSION_INFO = {
    major: '1',
    minor: '33',
    gitVersion: 'v1.33.0-flywheel-fake',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
};
function groups() {
    const map = new Map();
    for (const t of RESOURCE_TYPES) {
        const key = apiVersionOf(t);
        map.set(key, [...(map.get(key) ?? []), t]);
    }
    return map;
}
function coreVersions(serverAddress) {
    return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
}
function groupEntry(name, version) {
    const gv = { groupVersion: `${name}/${version}`, version };
    return { name, versions: [gv], preferredVersion: gv };
}
function groupNames() {
    const named = RESOURCE_TYPES.filter((t) => t.group !== '').map((t) => ({
        name: t.group,
        version: t.version,
    }));
    named.push({ name: AUTHZ_GROUP, version: 'v1' });
    return named.filter((g, i) => named.findIndex((o) => o.name === g.name) === i);
}
function apiGroupList() {
    return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groupNames().map((g) => groupEntry(g.name, g.version)),
    };
}
function apiGroup(name) {
    const g = groupNames().find((o) => o.name === name);
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.name, g.version) } : undefined;
}
/** The APIResourceList for one group/version, subresources included, or undefined when not served. */
function resourceList(groupVersion) {
    if (groupVersion === `${AUTHZ_GROUP}/v1`) {
        return {
            kind: 'APIResourceList',
            apiVersion: 'v1',
            groupVersion,
            resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'].map((name) => ({
                name,
                singularName: name.replace(/s$/, ''),
                namespaced: false,
                kind: name === 'selfsubjectaccessreviews' ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview',
                verbs: ['create'],
            })),
        };
    }
    const types = groups().get(groupVersion);
    if (!types)
        return undefined;
    const resources = types.flatMap((t) => [
        {
            name: t.plural,
            singularName: t.singular,
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: OBJECT_VERBS,
            ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        },
        ...t.subresources.map((sub) => ({
            name: `${t.plural}/${sub}`,
            singularName: '',
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: ['get', 'patch', 'update'],
        })),
    ]);
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/list.ts


function keyOf(obj) {
    return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
function decode(token) {
    try {
        const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
        if (typeof parsed.rv !== 'number' || typeof parsed.after !== 'string')
            throw new Error('shape');
        return parsed;
    }
    catch {
        throw statusErrors.badRequest('continue key is not valid: illegal base64 data or malformed token');
    }
}
/**
 * A list answer: items in key order (as etcd returns them), the list's resourceVersion, and
 * `limit`/`continue` paging with `remainingItemCount`. A continue token older than the last
 * compaction is 410 Gone, as on a real cluster.
 */
function listResponse(store, type, filter, q) {
    const items = store
        .scan(type, filter)
        .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    const limit = Number(q.get('limit') ?? 0);
    const token = q.get('continue');
    let start = 0;
    let rv = store.resourceVersion;
    if (token) {
        const parsed = decode(token);
        if (parsed.rv < store.oldestWatchableRv) {
            throw statusErrors.gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
        }
        rv = parsed.rv;
        start = items.findIndex((o) => keyOf(o) > parsed.after);
        if (start < 0)
            start = items.length;
    }
    const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
    const remaining = items.length - start - page.length;
    const metadata = { resourceVersion: String(rv) };
    if (limit > 0 && remaining > 0) {
        metadata['continue'] = Buffer.from(JSON.stringify({ rv, after: keyOf(page[page.length - 1]) })).toString('base64url');
        metadata['remainingItemCount'] = remaining;
    }
    return { kind: type.listKind, apiVersion: apiVersionOf(type), metadata, items: page };
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/routes.ts

/** Maps an API path to what it addresses, as the API server's router does; undefined is a 404. */
function parseRoute(pathname) {
    const parts = pathname
        .split('/')
        .filter((p) => p.length > 0)
        .map(decodeURIComponent);
    if (parts.length === 1 && parts[0] === 'version')
        return { kind: 'version' };
    let group;
    let version;
    let rest;
    if (parts[0] === 'api') {
        if (parts.length === 1)
            return { kind: 'core-versions' };
        group = '';
        version = parts[1];
        rest = parts.slice(2);
    }
    else if (parts[0] === 'apis') {
        if (parts.length === 1)
            return { kind: 'group-list' };
        if (parts.length === 2)
            return { kind: 'group', group: parts[1] };
        group = parts[1];
        version = parts[2];
        rest = parts.slice(3);
    }
    else
        return undefined;
    const groupVersion = group ? `${group}/${version}` : version;
    if (rest.length === 0)
        return { kind: 'resource-list', groupVersion };
    if (group === 'authorization.k8s.io' && version === 'v1' && rest.length === 1) {
        if (rest[0] === 'selfsubjectaccessreviews' || rest[0] === 'selfsubjectrulesreviews') {
            return { kind: 'review', review: rest[0] };
        }
    }
    let watchPath = false;
    if (rest[0] === 'watch') {
        watchPath = true;
        rest = rest.slice(1);
    }
    let namespace;
    // `namespaces/<ns>/<plural>/...` addresses a namespaced resource; `namespaces[/<name>[/status]]` the Namespace itself.
    if (rest[0] === 'namespaces' && rest.length >= 3 && findResource(group, version, rest[2])?.namespaced) {
        namespace = rest[1];
        rest = rest.slice(2);
    }
    const [plural, name, subresource, ...extra] = rest;
    if (extra.length > 0 || !plural)
        return undefined;
    const type = findResource(group, version, plural);
    if (!type)
        return undefined;
    if (subresource !== undefined && !type.subresources.includes(subresource))
        return undefined;
    return {
        kind: 'object',
        type,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(subresource !== undefined ? { subresource } : {}),
        watchPath,
    };
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/meta-validation.ts
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** The object-metadata checks the API server makes for every kind: name, label keys and values. */
function validateMetadata(obj) {
    const causes = [];
    const name = obj.metadata.name ?? '';
    if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
        causes.push({
            field: 'metadata.name',
            reason: 'FieldValueInvalid',
            message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        });
    }
    for (const [key, value] of Object.entries(obj.metadata.labels ?? {})) {
        if (typeof value !== 'string') {
            causes.push({
                field: `metadata.labels`,
                reason: 'FieldValueTypeInvalid',
                message: `Invalid value: ${JSON.stringify(value)}: must be a string`,
            });
            continue;
        }
        const keyName = key.split('/').pop() ?? '';
        if (!QUALIFIED_NAME.test(key) || keyName.length > 63) {
            causes.push({
                field: 'metadata.labels',
                reason: 'FieldValueInvalid',
                message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must be no more than 63 characters`,
            });
        }
        if (value.length > 63) {
            causes.push({
                field: 'metadata.labels',
                reason: 'FieldValueInvalid',
                message: `Invalid value: "${value}": must be no more than 63 characters`,
            });
        }
        else if (!LABEL_VALUE.test(value)) {
            causes.push({
                field: 'metadata.labels',
                reason: 'FieldValueInvalid',
                message: `Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
            });
        }
    }
    for (const [key, value] of Object.entries(obj.metadata.annotations ?? {})) {
        if (typeof value !== 'string') {
            causes.push({
                field: `metadata.annotations`,
                reason: 'FieldValueTypeInvalid',
                message: `Invalid value: ${JSON.stringify(value)} for ${key}: must be a string`,
            });
        }
    }
    return causes;
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/patch.ts

function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else (arrays too) replaces. */
function mergePatch(target, patch) {
    if (!isObject(patch))
        return structuredClone(patch);
    const result = {};
    // defineProperty keeps a `__proto__` key a plain data property, as it is in JSON.
    const set = (key, value) => Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    if (isObject(target))
        for (const [key, value] of Object.entries(target))
            set(key, value);
    for (const [key, value] of Object.entries(patch)) {
        if (value === null)
            delete result[key];
        else
            set(key, mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
    }
    return result;
}
function parsePointer(pointer) {
    if (pointer === '')
        return [];
    if (!pointer.startsWith('/'))
        throw statusErrors.badRequest(`invalid JSON pointer "${pointer}"`);
    return pointer
        .slice(1)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}
function parentOf(doc, parts, pointer) {
    let node = doc;
    for (const part of parts.slice(0, -1)) {
        if (Array.isArray(node))
            node = node[Number(part)];
        else if (isObject(node))
            node = node[part];
        else
            node = undefined;
        if (node === undefined)
            throw statusErrors.unprocessable(`doc is missing path: "${pointer}"`);
    }
    return { parent: node, key: parts[parts.length - 1] };
}
function getAt(doc, pointer) {
    let node = doc;
    for (const part of parsePointer(pointer)) {
        if (Array.isArray(node))
            node = node[Number(part)];
        else if (isObject(node))
            node = Object.hasOwn(node, part) ? node[part] : undefined;
        else
            node = undefined;
        if (node === undefined)
            throw statusErrors.unprocessable(`doc is missing path: "${pointer}"`);
    }
    return node;
}
function arrayIndex(arr, key, forAdd, pointer) {
    if (forAdd && key === '-')
        return arr.length;
    const index = Number(key);
    if (!/^\d+$/.test(key) || index > arr.length || (!forAdd && index === arr.length)) {
        throw statusErrors.unprocessable(`unable to access invalid index: ${key} in "${pointer}"`);
    }
    return index;
}
function add(doc, pointer, value) {
    const parts = parsePointer(pointer);
    if (parts.length === 0)
        return structuredClone(value);
    const { parent, key } = parentOf(doc, parts, pointer);
    if (Array.isArray(parent))
        parent.splice(arrayIndex(parent, key, true, pointer), 0, structuredClone(value));
    else if (isObject(parent))
        parent[key] = structuredClone(value);
    else
        throw statusErrors.unprocessable(`doc is missing path: "${pointer}"`);
    return doc;
}
function remove(doc, pointer) {
    const parts = parsePointer(pointer);
    const { parent, key } = parentOf(doc, parts, pointer);
    if (Array.isArray(parent))
        parent.splice(arrayIndex(parent, key, false, pointer), 1);
    else if (isObject(parent) && Object.hasOwn(parent, key))
        delete parent[key];
    else
        throw statusErrors.unprocessable(`unable to remove nonexistent key: ${key}: missing value`);
    return doc;
}
function deepEqual(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
    if (isObject(a) && isObject(b)) {
        const ka = Object.keys(a);
        return (ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k])));
    }
    return false;
}
/** RFC 6902 JSON patch, all six operations; a failed `test` rejects the whole patch (422 as the API server does). */
function jsonPatch(target, ops) {
    if (!Array.isArray(ops))
        throw statusErrors.badRequest('json patch must be an array of operations');
    let doc = structuredClone(target);
    for (const op of ops) {
        switch (op.op) {
            case 'add':
                doc = add(doc, op.path, op.value);
                break;
            case 'remove':
                doc = remove(doc, op.path);
                break;
            case 'replace':
                getAt(doc, op.path);
                doc = add(remove(doc, op.path), op.path, op.value);
                break;
            case 'move': {
                const value = getAt(doc, op.from ?? '');
                doc = add(remove(doc, op.from ?? ''), op.path, value);
                break;
            }
            case 'copy':
                doc = add(doc, op.path, getAt(doc, op.from ?? ''));
                break;
            case 'test':
                if (!deepEqual(getAt(doc, op.path), op.value)) {
                    throw statusErrors.unprocessable(`testing value ${op.path} failed: test failed`);
                }
                break;
            default:
                throw statusErrors.badRequest(`Unexpected kind: ${op.op}`);
        }
    }
    return doc;
}


;// CONCATENATED MODULE: ./packages/testkit/src/kube/time.ts
/** Kubernetes timestamps are RFC 3339 with whole seconds. */
function kubeTimestamp(date) {
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
/** The 5-character suffix the API server appends to a generateName (same alphabet as Kubernetes). */
function randomSuffix(random, length = 5) {
    let out = '';
    for (let i = 0; i < length; i++)
        out += ALPHANUMS[Math.floor(random() * ALPHANUMS.length)];
    return out;
}
/** A small seeded PRNG (mulberry32) so that simulated clusters are reproducible. */
function seededRandom(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(42463);
// EXTERNAL MODULE: ./node_modules/ajv/dist/standalone/index.js
var standalone = __webpack_require__(41398);
var standalone_default = /*#__PURE__*/__webpack_require__.n(standalone);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./packages/testkit/src/reference.ts



/** The repository root (this file lives at packages/testkit/src/reference.ts). */
const repoRoot = (0,external_node_path_.resolve)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), '../../..');
/**
 * The shared reference material lives beside the checkout (`../shared/reference`) and is never
 * copied into the project. FLYWHEEL_REFERENCE_DIR overrides the location.
 */
function referenceDir() {
    return process.env['FLYWHEEL_REFERENCE_DIR'] ?? (0,external_node_path_.join)(repoRoot, '..', 'shared', 'reference');
}
/** The path of a reference file, or undefined when the reference material is absent. */
function referencePath(...parts) {
    const path = (0,external_node_path_.join)(referenceDir(), ...parts);
    return (0,external_node_fs_.existsSync)(path) ? path : undefined;
}
/** Why a reference-backed check is skipped, for `it.skipIf(...)` messages and logs. */
function referenceMissingReason(...parts) {
    return `reference material ${(0,external_node_path_.join)(referenceDir(), ...parts)} is absent: this check is skipped`;
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/validation.ts









/** The CRD copies the real schemas come from (reference material, read at run time, never copied). */
const CRD_DIR = 'arc-crds-0.14.2';
const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
/**
 * Prepares a CRD schema for ajv: every object with declared properties is closed so that ajv prunes
 * unknown fields, as Kubernetes does; `format: int32` becomes the range it stands for.
 */
function closeObjects(schema) {
    const out = { ...schema };
    if (out['properties'] &&
        out['additionalProperties'] === undefined &&
        !out['x-kubernetes-preserve-unknown-fields']) {
        out['additionalProperties'] = false;
    }
    if (out['format'] === 'int32') {
        out['minimum'] = out['minimum'] ?? INT32.minimum;
        out['maximum'] = out['maximum'] ?? INT32.maximum;
    }
    for (const key of ['properties', 'patternProperties']) {
        const props = out[key];
        if (props)
            out[key] = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, closeObjects(v)]));
    }
    for (const key of ['items', 'additionalProperties', 'not']) {
        const sub = out[key];
        if (sub && typeof sub === 'object' && !Array.isArray(sub))
            out[key] = closeObjects(sub);
    }
    for (const key of ['anyOf', 'allOf', 'oneOf']) {
        const list = out[key];
        if (list)
            out[key] = list.map(closeObjects);
    }
    return out;
}
const validators = new Map();
let warned = false;
/** Bump when closeObjects or the ajv options change, so that cached validators are rebuilt. */
const PREPARATION = 'v2';
function compiler() {
    // optimize:false cuts compile time of these large schemas several-fold; validation is the same.
    const ajv = new dist_ajv.Ajv({
        strict: false,
        allErrors: true,
        removeAdditional: true,
        code: { optimize: false, source: true },
    });
    // Formats as regular expressions or `true`, so that the compiled validator can be cached as code.
    ajv.addFormat('int32', true);
    ajv.addFormat('int64', true);
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
    return ajv;
}
/**
 * Compiling a CRD schema takes about a second, so each compiled validator is kept as code in the
 * machine's temp dir (keyed by the CRD file's hash); it is derived data, never part of the project.
 */
function cachedOrCompiled(file, version) {
    const text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    const key = (0,external_node_crypto_.createHash)('sha256').update(`${PREPARATION}\0${version}\0${text}`).digest('hex').slice(0, 32);
    const dir = (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'flywheel-crd-validators');
    const path = (0,external_node_path_.join)(dir, `${key}.cjs`);
    const load = (0,external_node_module_.createRequire)(import.meta.url);
    try {
        return load(path);
    }
    catch {
        // not cached yet
    }
    const crd = dist.parse(text);
    const found = crd.spec.versions.find((v) => v.name === version);
    if (!found)
        throw new Error(`${file} has no version ${version}`);
    const ajv = compiler();
    const validate = ajv.compile(closeObjects(found.schema.openAPIV3Schema));
    try {
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        (0,external_node_fs_.writeFileSync)(tmp, standalone_default()(ajv, validate));
        (0,external_node_fs_.renameSync)(tmp, path);
    }
    catch {
        // A cache that cannot be written only costs time.
    }
    return validate;
}
/** Why CRD validation is off, or undefined when the reference CRDs are present. */
function crdValidationUnavailable() {
    return referencePath(CRD_DIR) ? undefined : referenceMissingReason(CRD_DIR);
}
/** Says once per process that validation is off, so a run without the reference is never silently weaker. */
function warnValidationOff(reason) {
    if (warned)
        return;
    warned = true;
    process.stderr.write(`[testkit/kube] CRD schema validation is off: ${reason}\n`);
}
function compiled(type) {
    const cached = validators.get(type.plural);
    if (cached)
        return cached;
    const file = referencePath(CRD_DIR, `${type.group}_${type.plural}.yaml`);
    if (!file)
        return undefined;
    const validate = cachedOrCompiled(file, type.version);
    validators.set(type.plural, validate);
    return validate;
}
function fieldPath(instancePath, extra) {
    const parts = instancePath.split('/').slice(1);
    if (extra)
        parts.push(extra);
    return parts
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}
function valueAt(obj, instancePath) {
    let node = obj;
    for (const p of instancePath.split('/').slice(1))
        node = node?.[p];
    return node;
}
function toCause(error, obj) {
    const value = JSON.stringify(valueAt(obj, error.instancePath));
    const params = error.params;
    switch (error.keyword) {
        case 'required': {
            const field = fieldPath(error.instancePath, String(params['missingProperty']));
            return { field, reason: 'FieldValueRequired', message: 'Required value' };
        }
        case 'type': {
            const field = fieldPath(error.instancePath);
            return {
                field,
                reason: 'FieldValueTypeInvalid',
                message: `Invalid value: ${value}: ${field} in body must be of type ${String(params['type'])}: ${value}`,
            };
        }
        case 'enum': {
            const field = fieldPath(error.instancePath);
            const allowed = params['allowedValues'].map((v) => JSON.stringify(v)).join(', ');
            return {
                field,
                reason: 'FieldValueNotSupported',
                message: `Unsupported value: ${value}: supported values: ${allowed}`,
            };
        }
        case 'minimum':
        case 'maximum': {
            const field = fieldPath(error.instancePath);
            const word = error.keyword === 'minimum' ? 'greater' : 'less';
            return {
                field,
                reason: 'FieldValueInvalid',
                message: `Invalid value: ${value}: ${field} in body should be ${word} than or equal to ${String(params['limit'])}`,
            };
        }
        default: {
            const field = fieldPath(error.instancePath);
            return {
                field,
                reason: 'FieldValueInvalid',
                message: `Invalid value: ${value}: ${field} in body ${error.message ?? 'is invalid'}`,
            };
        }
    }
}
/**
 * The validator for a custom resource type, or undefined when the reference CRDs are absent (then
 * validation is off and says so once on stderr).
 */
function schemaValidator(type) {
    const missing = crdValidationUnavailable();
    if (missing) {
        warnValidationOff(missing);
        return undefined;
    }
    const validate = compiled(type);
    if (!validate)
        return undefined;
    return (obj) => {
        // metadata is validated by the API server itself, not by the CRD schema; keep it out of pruning.
        const { metadata, ...rest } = obj;
        const candidate = { ...rest, metadata: {} };
        if (validate(candidate)) {
            for (const key of Object.keys(obj))
                if (!(key in candidate))
                    delete obj[key];
            Object.assign(obj, candidate, { metadata });
            return [];
        }
        const causes = (validate.errors ?? [])
            .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if')
            .map((e) => toCause(e, obj));
        const seen = new Set();
        return causes.filter((c) => {
            const key = `${c.field}|${c.message}`;
            if (seen.has(key))
                return false;
            seen.add(key);
            return true;
        });
    };
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/store.ts








/** Paths present in `before` but gone from `after`: the fields schema pruning dropped. */
function prunedPaths(before, after, path = '') {
    if (!before || typeof before !== 'object')
        return [];
    if (Array.isArray(before)) {
        return before.flatMap((v, i) => prunedPaths(v, after?.[i], `${path}[${i}]`));
    }
    const a = (after ?? {});
    return Object.entries(before).flatMap(([k, v]) => {
        const p = path ? `${path}.${k}` : k;
        return Object.hasOwn(a, k) ? prunedPaths(v, a[k], p) : [p];
    });
}
const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';
function typeKey(type) {
    return `${type.plural}.${type.group}`;
}
function objKey(namespace, name) {
    return `${namespace ?? ''}/${name}`;
}
/** Everything except metadata and status: a change here bumps metadata.generation. */
function specPart(obj) {
    const { metadata: _m, status: _s, ...rest } = obj;
    return rest;
}
/**
 * The object storage behind the fake API server: one global resourceVersion, optimistic concurrency,
 * finalizers, ownerReference garbage collection, schema validation and an event history for watches.
 * Every writer (HTTP routes and the ARC simulator alike) goes through these methods.
 */
class KubeStore {
    rv = 0;
    objects = new Map();
    /** owner uid → dependents, as `typeKey|objKey`. */
    dependents = new Map();
    /** uid → `typeKey|objKey` of every stored object. */
    byUid = new Map();
    history = [];
    listeners = new Set();
    validators = new Map();
    /** Watches may resume from any resourceVersion strictly greater than this. */
    compactedRv = 0;
    now;
    random;
    historySize;
    validateCrds;
    fieldValidation;
    /** Warnings of the last write (unknown fields pruned), for the HTTP layer's Warning header. */
    lastWarnings = [];
    constructor(options = {}) {
        this.now = options.now ?? (() => new Date());
        this.random = options.random ?? Math.random;
        this.historySize = options.historySize ?? 10_000;
        this.validateCrds = options.validateCrds ?? true;
        this.fieldValidation = options.fieldValidation ?? 'Warn';
    }
    /** Runs one write with a field-validation mode (the HTTP layer passes the request's). */
    withFieldValidation(mode, fn) {
        const saved = this.fieldValidation;
        if (mode)
            this.fieldValidation = mode;
        try {
            return fn();
        }
        finally {
            this.fieldValidation = saved;
        }
    }
    dryRun = false;
    /** Runs one write as `dryRun=All`: every check and default applies, nothing is stored or announced. */
    asDryRun(fn) {
        this.dryRun = true;
        try {
            return fn();
        }
        finally {
            this.dryRun = false;
        }
    }
    get resourceVersion() {
        return this.rv;
    }
    /** The oldest resourceVersion a watch can still start from (exclusive). */
    get oldestWatchableRv() {
        return this.compactedRv;
    }
    /** Simulates an etcd compaction: watches from any earlier resourceVersion now get 410 Gone. */
    compact() {
        this.compactedRv = this.rv;
        this.history.length = 0;
    }
    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /** Events after `rv`, or undefined when that version is too old (compacted away). */
    eventsSince(rv) {
        if (rv < this.compactedRv)
            return undefined;
        return this.history.filter((e) => e.resourceVersion > rv);
    }
    bucket(type) {
        const key = typeKey(type);
        let bucket = this.objects.get(key);
        if (!bucket) {
            bucket = new Map();
            this.objects.set(key, bucket);
        }
        return bucket;
    }
    /** The stored object itself (never mutate it; stored objects are replaced on every write). */
    peek(type, namespace, name) {
        return this.bucket(type).get(objKey(type.namespaced ? namespace : undefined, name));
    }
    get(type, namespace, name) {
        const obj = this.peek(type, namespace, name);
        if (!obj)
            throw statusErrors.notFound(type, name);
        return structuredClone(obj);
    }
    tryGet(type, namespace, name) {
        const obj = this.peek(type, namespace, name);
        return obj ? structuredClone(obj) : undefined;
    }
    /** Stored objects matching a filter, not copied (for serialisation and read-only scans). */
    scan(type, filter = {}) {
        const f = { labels: [], fields: [], ...filter };
        const out = [];
        for (const obj of this.bucket(type).values())
            if (matchesFilter(f, obj))
                out.push(obj);
        return out;
    }
    list(type, filter = {}) {
        return this.scan(type, filter).map((o) => structuredClone(o));
    }
    emit(event) {
        this.history.push(event);
        if (this.history.length > this.historySize) {
            const dropped = this.history.splice(0, this.history.length - this.historySize);
            this.compactedRv = dropped[dropped.length - 1].resourceVersion;
        }
        for (const listener of [...this.listeners])
            listener(event);
    }
    validate(type, obj) {
        this.lastWarnings = [];
        const causes = validateMetadata(obj);
        if (type.custom && this.validateCrds) {
            if (!this.validators.has(type.plural))
                this.validators.set(type.plural, schemaValidator(type));
            const validator = this.validators.get(type.plural);
            if (validator) {
                const before = this.fieldValidation === 'Ignore' ? undefined : structuredClone(obj);
                causes.push(...validator(obj));
                const unknown = before && causes.length === 0 ? prunedPaths(before, obj) : [];
                if (unknown.length > 0 && this.fieldValidation === 'Strict') {
                    throw statusErrors.badRequest(`strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
                }
                this.lastWarnings = unknown.map((u) => `unknown field "${u}"`);
            }
        }
        if (causes.length > 0)
            throw statusErrors.invalid(type, obj.metadata.name ?? '', causes);
    }
    indexOwners(type, obj, add) {
        const ref = `${typeKey(type)}|${objKey(obj.metadata.namespace, obj.metadata.name)}`;
        for (const owner of obj.metadata.ownerReferences ?? []) {
            let set = this.dependents.get(owner.uid);
            if (!set) {
                set = new Set();
                this.dependents.set(owner.uid, set);
            }
            if (add)
                set.add(ref);
            else {
                set.delete(ref);
                if (set.size === 0)
                    this.dependents.delete(owner.uid);
            }
        }
    }
    put(type, obj, previous) {
        if (this.dryRun) {
            obj.metadata.resourceVersion = previous?.metadata.resourceVersion ?? '';
            if (!previous)
                delete obj.metadata.resourceVersion;
            return Object.freeze(obj);
        }
        this.rv += 1;
        obj.metadata.resourceVersion = String(this.rv);
        Object.freeze(obj);
        const key = objKey(obj.metadata.namespace, obj.metadata.name);
        if (previous)
            this.indexOwners(type, previous, false);
        this.bucket(type).set(key, obj);
        this.indexOwners(type, obj, true);
        this.byUid.set(obj.metadata.uid, `${typeKey(type)}|${key}`);
        this.emit({
            type: previous ? 'MODIFIED' : 'ADDED',
            resource: type,
            object: obj,
            ...(previous ? { previous } : {}),
            resourceVersion: this.rv,
        });
        return obj;
    }
    /** Removes a stored object; `last` is its final state (e.g. with the last finalizer gone). */
    remove(type, stored, last = stored) {
        if (this.dryRun)
            return;
        this.rv += 1;
        const removed = Object.freeze({
            ...last,
            metadata: { ...last.metadata, resourceVersion: String(this.rv) },
        });
        this.bucket(type).delete(objKey(stored.metadata.namespace, stored.metadata.name));
        this.indexOwners(type, stored, false);
        this.byUid.delete(stored.metadata.uid);
        this.emit({
            type: 'DELETED',
            resource: type,
            object: removed,
            previous: stored,
            resourceVersion: this.rv,
        });
        this.collectDependents(stored);
    }
    create(type, namespace, body) {
        const obj = structuredClone(body);
        obj.metadata = obj.metadata ?? {};
        obj.apiVersion = obj.apiVersion ?? apiVersionOf(type);
        obj.kind = obj.kind ?? type.kind;
        if (obj.kind !== type.kind || obj.apiVersion !== apiVersionOf(type)) {
            throw statusErrors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(type)}) or kind ${obj.kind} is not ${type.kind}`);
        }
        if (type.namespaced) {
            if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
                throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
            }
            obj.metadata.namespace = namespace ?? obj.metadata.namespace;
            if (!obj.metadata.namespace)
                throw statusErrors.badRequest('a namespace is required to create this object');
            if (!this.peek(resourceByKind('Namespace'), undefined, obj.metadata.namespace)) {
                throw statusErrors.notFound(resourceByKind('Namespace'), obj.metadata.namespace);
            }
        }
        else
            delete obj.metadata.namespace;
        if (!obj.metadata.name) {
            if (!obj.metadata.generateName) {
                throw statusErrors.invalid(type, '', [
                    {
                        field: 'metadata.name',
                        message: 'Required value: name or generateName is required',
                        reason: 'FieldValueRequired',
                    },
                ]);
            }
            do
                obj.metadata.name = obj.metadata.generateName + randomSuffix(this.random);
            while (this.peek(type, obj.metadata.namespace, obj.metadata.name));
        }
        if (this.peek(type, obj.metadata.namespace, obj.metadata.name))
            throw statusErrors.alreadyExists(type, obj.metadata.name);
        obj.metadata.uid = (0,external_node_crypto_.randomUUID)();
        obj.metadata.creationTimestamp = kubeTimestamp(this.now());
        obj.metadata.generation = 1;
        delete obj.metadata.deletionTimestamp;
        delete obj.metadata.deletionGracePeriodSeconds;
        // With a status subresource, create ignores the status the client sent (the controller writes it).
        if (type.subresources.includes('status')) {
            if (type.kind === 'Pod')
                obj.status = { phase: 'Pending' };
            else if (type.kind === 'Namespace')
                obj.status = { phase: 'Active' };
            else
                delete obj.status;
        }
        this.validate(type, obj);
        return structuredClone(this.put(type, obj, undefined));
    }
    /** PUT: the object itself (status ignored when a status subresource exists) or only its status. */
    update(type, namespace, name, body, subresource) {
        const current = this.peek(type, namespace, name);
        if (!current)
            throw statusErrors.notFound(type, name);
        if (body.metadata?.name && body.metadata.name !== name) {
            throw statusErrors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
        }
        const sentRv = body.metadata?.resourceVersion;
        if (!sentRv && type.custom) {
            throw statusErrors.invalid(type, name, [
                { field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
            ]);
        }
        if (sentRv && sentRv !== current.metadata.resourceVersion)
            throw statusErrors.conflict(type, name);
        return this.commit(type, current, structuredClone(body), subresource);
    }
    patch(type, namespace, name, patchType, body, subresource) {
        const current = this.peek(type, namespace, name);
        if (!current)
            throw statusErrors.notFound(type, name);
        const base = structuredClone(current);
        const patched = (patchType === 'json' ? jsonPatch(base, body) : mergePatch(base, body));
        if (!patched || typeof patched !== 'object' || !patched.metadata) {
            throw statusErrors.badRequest('the patch removed the object metadata');
        }
        // A resourceVersion in the patch is a precondition, as on a real API server.
        if (patched.metadata.resourceVersion !== current.metadata.resourceVersion)
            throw statusErrors.conflict(type, name);
        return this.commit(type, current, patched, subresource);
    }
    /** The shared tail of update and patch: immutable fields, finalizer rules, no-op detection, validation. */
    commit(type, current, next, subresource) {
        let obj;
        if (subresource === 'status') {
            obj = { ...structuredClone(current) };
            if (next.status === undefined)
                delete obj.status;
            else
                obj.status = next.status;
        }
        else {
            obj = next;
            obj.apiVersion = apiVersionOf(type);
            obj.kind = type.kind;
            if (type.subresources.includes('status')) {
                if (current.status === undefined)
                    delete obj.status;
                else
                    obj.status = structuredClone(current.status);
            }
        }
        const m = current.metadata;
        obj.metadata = {
            ...obj.metadata,
            name: m.name,
            uid: m.uid,
            creationTimestamp: m.creationTimestamp,
            resourceVersion: m.resourceVersion,
            generation: m.generation,
        };
        if (type.namespaced)
            obj.metadata.namespace = m.namespace;
        if (m.deletionTimestamp) {
            obj.metadata.deletionTimestamp = m.deletionTimestamp;
            obj.metadata.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds ?? 0;
            const added = (obj.metadata.finalizers ?? []).filter((f) => !(m.finalizers ?? []).includes(f));
            if (added.length > 0) {
                throw statusErrors.forbidden(type, m.name, `${type.plural} "${m.name}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`);
            }
        }
        else {
            delete obj.metadata.deletionTimestamp;
            delete obj.metadata.deletionGracePeriodSeconds;
        }
        if (obj.metadata.finalizers?.length === 0)
            delete obj.metadata.finalizers;
        if (obj.metadata.ownerReferences?.length === 0)
            delete obj.metadata.ownerReferences;
        if (!deepEqual(specPart(obj), specPart(current)))
            obj.metadata.generation = (m.generation ?? 1) + 1;
        // A write that changes nothing is not stored and needs no validation (the stored object is valid).
        if (deepEqual(obj, current)) {
            this.lastWarnings = [];
            return structuredClone(current);
        }
        this.validate(type, obj);
        if (deepEqual(obj, current))
            return structuredClone(current);
        if (obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.length) {
            this.remove(type, current, obj);
            return structuredClone(obj);
        }
        return structuredClone(this.put(type, obj, current));
    }
    /** DELETE: finalizers hold the object with a deletionTimestamp; otherwise it goes and its dependents follow. */
    delete(type, namespace, name, options = {}) {
        const current = this.peek(type, namespace, name);
        if (!current)
            throw statusErrors.notFound(type, name);
        const pre = options.preconditions;
        if (pre?.uid && pre.uid !== current.metadata.uid) {
            throw statusErrors.conflict(type, name);
        }
        if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
            throw statusErrors.conflict(type, name);
        }
        if (current.metadata.deletionTimestamp)
            return { object: structuredClone(current), removed: false };
        if (type.kind === 'Namespace')
            return this.deleteNamespace(current);
        const finalizers = [...(current.metadata.finalizers ?? [])];
        const hasDependents = (this.dependents.get(current.metadata.uid)?.size ?? 0) > 0;
        if (options.propagationPolicy === 'Foreground' && hasDependents)
            finalizers.push(FOREGROUND);
        if (options.propagationPolicy === 'Orphan' && hasDependents)
            finalizers.push(ORPHAN);
        if (finalizers.length === 0) {
            this.remove(type, current);
            return { object: structuredClone(current), removed: true };
        }
        const obj = structuredClone(current);
        obj.metadata.finalizers = finalizers;
        obj.metadata.deletionTimestamp = kubeTimestamp(this.now());
        obj.metadata.deletionGracePeriodSeconds = 0;
        const stored = this.put(type, obj, current);
        this.processDeletingOwner(type, stored);
        const after = this.dryRun ? stored : (this.peek(type, namespace, name) ?? stored);
        return { object: structuredClone(after), removed: false };
    }
    deleteNamespace(ns) {
        for (const type of RESOURCE_TYPES) {
            if (!type.namespaced)
                continue;
            for (const obj of this.scan(type, { namespace: ns.metadata.name })) {
                if (!this.peek(type, obj.metadata.namespace, obj.metadata.name))
                    continue;
                const finalizers = obj.metadata.finalizers ?? [];
                // The namespace controller cannot force objects with finalizers: it marks them and they linger.
                if (finalizers.length > 0)
                    this.delete(type, obj.metadata.namespace, obj.metadata.name);
                else
                    this.remove(type, obj);
            }
        }
        const nsType = resourceByKind('Namespace');
        this.remove(nsType, ns);
        return { object: structuredClone(ns), removed: true };
    }
    /** Foreground and orphan deletion: the garbage collector's part of the work for a deleting owner. */
    processDeletingOwner(type, owner) {
        const finalizers = owner.metadata.finalizers ?? [];
        const deps = [...(this.dependents.get(owner.metadata.uid) ?? [])];
        if (finalizers.includes(ORPHAN)) {
            for (const dep of deps)
                this.stripOwner(dep, owner.metadata.uid);
            this.dropFinalizer(type, owner, ORPHAN);
            return;
        }
        if (finalizers.includes(FOREGROUND)) {
            for (const dep of deps)
                this.deleteDependent(dep, 'Foreground');
            if ((this.dependents.get(owner.metadata.uid)?.size ?? 0) === 0)
                this.dropFinalizer(type, owner, FOREGROUND);
        }
    }
    dropFinalizer(type, obj, finalizer) {
        const current = this.peek(type, obj.metadata.namespace, obj.metadata.name);
        if (!current)
            return;
        const next = structuredClone(current);
        next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
        this.commit(type, current, next);
    }
    resolve(dep) {
        if (!dep)
            return undefined;
        const [tk, key] = dep.split('|');
        const type = RESOURCE_TYPES.find((t) => typeKey(t) === tk);
        const obj = this.bucket(type).get(key);
        return obj ? { type, obj } : undefined;
    }
    stripOwner(dep, ownerUid) {
        const found = this.resolve(dep);
        if (!found)
            return;
        const next = structuredClone(found.obj);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
        this.commit(found.type, found.obj, next);
    }
    deleteDependent(dep, policy) {
        const found = this.resolve(dep);
        if (!found || found.obj.metadata.deletionTimestamp)
            return;
        this.delete(found.type, found.obj.metadata.namespace, found.obj.metadata.name, {
            propagationPolicy: policy,
        });
    }
    ownerAlive(uid) {
        return this.byUid.has(uid);
    }
    /** The stored object with this uid, if any. */
    byUidLookup(uid) {
        return this.resolve(this.byUid.get(uid));
    }
    /** Background garbage collection: dependents whose owners are all gone are deleted. */
    collectDependents(owner) {
        const uid = owner.metadata.uid;
        for (const dep of [...(this.dependents.get(uid) ?? [])]) {
            const found = this.resolve(dep);
            if (!found)
                continue;
            const others = (found.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
            if (others.some((r) => this.ownerAlive(r.uid)))
                this.stripOwner(dep, uid);
            else
                this.deleteDependent(dep, 'Background');
        }
        // A foreground-deleting owner of this object may now be free to go.
        for (const ref of owner.metadata.ownerReferences ?? []) {
            const parent = this.byUidLookup(ref.uid);
            if (parent?.obj.metadata.deletionTimestamp)
                this.processDeletingOwner(parent.type, parent.obj);
        }
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/watch.ts



/** Which event a watcher with a selector sees for a store event (objects entering or leaving the selector). */
function translate(event, filter) {
    const before = event.previous ? matchesFilter(filter, event.previous) : false;
    if (event.type === 'DELETED')
        return before ? { type: 'DELETED', object: event.object } : undefined;
    const now = matchesFilter(filter, event.object);
    if (event.type === 'ADDED')
        return now ? { type: 'ADDED', object: event.object } : undefined;
    if (now && before)
        return { type: 'MODIFIED', object: event.object };
    if (now)
        return { type: 'ADDED', object: event.object };
    if (before)
        return { type: 'DELETED', object: event.object };
    return undefined;
}
/** Serves watch streams: replay from a resourceVersion, live events, bookmarks, 410 Gone, and cuts for fault tests. */
class WatchHub {
    store;
    bookmarkIntervalMs;
    active = new Set();
    constructor(store, bookmarkIntervalMs) {
        this.store = store;
        this.bookmarkIntervalMs = bookmarkIntervalMs;
    }
    get count() {
        return this.active.size;
    }
    serve(request, res, path) {
        const { type, filter } = request;
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        // The API server answers a watch at once; clients (client-node's Watch) wait for these headers.
        res.flushHeaders();
        const send = (eventType, object) => {
            if (!res.writableEnded && !res.destroyed)
                res.write(`${JSON.stringify({ type: eventType, object })}\n`);
        };
        const rv = request.resourceVersion;
        if (rv === undefined || rv === '' || rv === '0') {
            if (request.sendInitialEvents !== false) {
                for (const obj of this.store.scan(type, filter))
                    send('ADDED', obj);
            }
            if (request.sendInitialEvents && request.allowBookmarks) {
                send('BOOKMARK', this.bookmark(type, { 'k8s.io/initial-events-end': 'true' }));
            }
        }
        else {
            const since = Number(rv);
            const replay = Number.isFinite(since) ? this.store.eventsSince(since) : undefined;
            if (!replay) {
                const err = failure(410, 'Expired', `too old resource version: ${rv} (${this.store.oldestWatchableRv + 1})`).status;
                send('ERROR', err);
                res.end();
                return;
            }
            for (const event of replay) {
                if (event.resource !== type)
                    continue;
                const seen = translate(event, filter);
                if (seen)
                    send(seen.type, seen.object);
            }
        }
        const unsubscribe = this.store.subscribe((event) => {
            if (event.resource !== type)
                return;
            const seen = translate(event, filter);
            if (seen)
                send(seen.type, seen.object);
        });
        const timers = [];
        if (request.allowBookmarks && this.bookmarkIntervalMs > 0) {
            timers.push(setInterval(() => send('BOOKMARK', this.bookmark(type)), this.bookmarkIntervalMs));
        }
        if (request.timeoutSeconds && request.timeoutSeconds > 0) {
            timers.push(setTimeout(() => res.end(), request.timeoutSeconds * 1000));
        }
        const watch = {
            request,
            res,
            path,
            close: () => {
                unsubscribe();
                for (const t of timers)
                    clearTimeout(t);
                this.active.delete(watch);
            },
        };
        this.active.add(watch);
        res.on('close', watch.close);
        res.on('finish', watch.close);
    }
    bookmark(type, annotations) {
        return {
            kind: type.kind,
            apiVersion: apiVersionOf(type),
            metadata: {
                resourceVersion: String(this.store.resourceVersion),
                ...(annotations ? { annotations } : {}),
            },
        };
    }
    /** Sends a bookmark on every open watch that asked for them. */
    sendBookmarks() {
        for (const w of this.active) {
            if (w.request.allowBookmarks)
                w.res.write(`${JSON.stringify({ type: 'BOOKMARK', object: this.bookmark(w.request.type) })}\n`);
        }
    }
    /**
     * Cuts open watch streams (all, or those whose path matches): `abrupt` destroys the connection
     * mid-stream, otherwise the server ends the response cleanly as on its own watch timeout.
     * Returns how many were cut.
     */
    cut(options = {}) {
        let cut = 0;
        for (const w of [...this.active]) {
            const p = options.path;
            if (p && !(typeof p === 'string' ? w.path.startsWith(p) : p.test(w.path)))
                continue;
            cut++;
            w.close();
            if (options.abrupt)
                w.res.destroy();
            else
                w.res.end();
        }
        return cut;
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/server.ts










function patchTypeOf(contentType, custom) {
    const ct = (contentType ?? '').split(';')[0].trim();
    if (ct === 'application/json-patch+json')
        return 'json';
    if (ct === 'application/merge-patch+json')
        return 'merge';
    // Strategic merge patch works on built-in kinds (merge semantics for the fields these fakes use);
    // the real API server refuses it for custom resources with 415, and so does this fake.
    if (ct === 'application/strategic-merge-patch+json' && !custom)
        return 'strategic';
    throw statusErrors.unsupportedMediaType(ct || '(none)');
}
function verbOf(method, route, url) {
    const watch = route.watchPath || url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    switch (method) {
        case 'GET':
            return route.name !== undefined ? (watch ? 'watch' : 'get') : watch ? 'watch' : 'list';
        case 'POST':
            return 'create';
        case 'PUT':
            return 'update';
        case 'PATCH':
            return 'patch';
        case 'DELETE':
            return route.name !== undefined ? 'delete' : 'deletecollection';
        default:
            throw statusErrors.methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
}
async function jsonBody(req) {
    const text = (await readBody(req)).toString('utf8');
    if (!text.trim())
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw statusErrors.badRequest(`the request body is not valid JSON: ${error.message}`);
    }
}
/**
 * A Kubernetes API server fake on 127.0.0.1: bearer tokens and RBAC, discovery, CRUD with
 * resourceVersions, patches, the status subresource, finalizers, garbage collection, watches and
 * CRD validation of the ARC kinds. Faults come from the base class (`inject`) and `cutWatches`.
 */
class KubeApiServer extends FakeHttpServer {
    store;
    watches;
    adminToken;
    identities;
    constructor(options = {}) {
        const holder = {};
        super((req, res, url) => holder.self.handle(req, res, url));
        holder.self = this;
        this.store = options.store ?? new KubeStore(options);
        this.watches = new WatchHub(this.store, options.bookmarkIntervalMs ?? 1000);
        this.adminToken = options.adminToken ?? 'flywheel-admin-token';
        this.identities = [adminIdentity(this.adminToken), ...(options.identities ?? [])];
    }
    /** Adds (or replaces) an identity at run time. */
    addIdentity(identity) {
        const i = this.identities.findIndex((x) => x.token === identity.token);
        if (i >= 0)
            this.identities.splice(i, 1, identity);
        else
            this.identities.push(identity);
    }
    /** Cuts open watch streams; see WatchHub.cut. */
    cutWatches(options = {}) {
        return this.watches.cut(options);
    }
    async stop() {
        this.watches.cut({ abrupt: true });
        await super.stop();
    }
    authenticate(req) {
        const header = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
        const identity = token ? this.identities.find((i) => i.token === token) : undefined;
        if (!identity)
            throw statusErrors.unauthorized();
        return identity;
    }
    async handle(req, res, url) {
        try {
            const identity = this.authenticate(req);
            const route = parseRoute(url.pathname);
            if (!route)
                throw statusErrors.pathNotFound();
            await this.serve(route, identity, req, res, url);
        }
        catch (error) {
            if (res.headersSent) {
                res.destroy();
                return;
            }
            const status = error instanceof StatusError
                ? error.status
                : failure(500, 'InternalError', error.message).status;
            sendJson(res, status.code, status);
        }
    }
    async serve(route, identity, req, res, url) {
        const method = req.method ?? 'GET';
        const discovery = (body) => {
            if (method !== 'GET')
                throw statusErrors.methodNotAllowed('discovery is read-only');
            if (body === undefined)
                throw statusErrors.pathNotFound();
            sendJson(res, 200, body);
        };
        switch (route.kind) {
            case 'version':
                return discovery(VERSION_INFO);
            case 'core-versions':
                return discovery(coreVersions(url.host));
            case 'group-list':
                return discovery(apiGroupList());
            case 'group':
                return discovery(apiGroup(route.group));
            case 'resource-list':
                return discovery(resourceList(route.groupVersion));
            case 'review':
                return this.review(route.review, identity, req, res);
            case 'object':
                return this.serveObject(route, identity, req, res, url);
        }
    }
    async review(kind, identity, req, res) {
        if (req.method !== 'POST')
            throw statusErrors.methodNotAllowed('reviews can only be created');
        const body = (await jsonBody(req)) ?? { metadata: {} };
        const spec = (body.spec ?? {});
        let status;
        if (kind === 'selfsubjectaccessreviews') {
            const attrs = spec['resourceAttributes'];
            if (attrs) {
                const request = {
                    verb: attrs['verb'] ?? '',
                    group: attrs['group'] ?? '',
                    resource: attrs['resource'] ?? '',
                    ...(attrs['subresource'] ? { subresource: attrs['subresource'] } : {}),
                    ...(attrs['namespace'] ? { namespace: attrs['namespace'] } : {}),
                    ...(attrs['name'] ? { name: attrs['name'] } : {}),
                };
                const allowed = allows(identity, request);
                status = allowed ? { allowed: true, reason: 'allowed by the fake RBAC rules' } : { allowed: false };
            }
            else {
                status = { allowed: spec['nonResourceAttributes'] !== undefined };
            }
        }
        else {
            status = rulesFor(identity, String(spec['namespace'] ?? 'default'));
        }
        sendJson(res, 201, {
            kind: kind === 'selfsubjectaccessreviews' ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview',
            apiVersion: 'authorization.k8s.io/v1',
            metadata: { creationTimestamp: null },
            spec: body.spec ?? {},
            status,
        });
    }
    async serveObject(route, identity, req, res, url) {
        const { type, namespace, name } = route;
        const method = req.method ?? 'GET';
        const verb = verbOf(method, route, url);
        const attrs = {
            verb,
            group: type.group,
            resource: type.plural,
            ...(route.subresource ? { subresource: route.subresource } : {}),
            ...(type.namespaced && namespace !== undefined ? { namespace } : {}),
            ...(name !== undefined ? { name } : {}),
        };
        if (!allows(identity, attrs))
            throw forbidden(identity, type, attrs);
        const q = url.searchParams;
        const fieldValidation = (q.get('fieldValidation') ?? 'Warn');
        if (!['Strict', 'Warn', 'Ignore'].includes(fieldValidation)) {
            throw statusErrors.badRequest(`fieldValidation must be one of Strict, Warn, Ignore (got ${fieldValidation})`);
        }
        const dryRun = q.getAll('dryRun');
        if (dryRun.some((d) => d !== 'All'))
            throw statusErrors.badRequest(`Invalid dry run value: ${dryRun.join(',')}`);
        const write = (fn) => {
            const run = () => this.store.withFieldValidation(fieldValidation, fn);
            const result = dryRun.length > 0 ? this.store.asDryRun(run) : run();
            const warnings = this.store.lastWarnings;
            return {
                result,
                headers: warnings.length > 0
                    ? { warning: warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`).join(', ') }
                    : {},
            };
        };
        const ns = type.namespaced ? namespace : undefined;
        const status = route.subresource === 'status' ? 'status' : undefined;
        switch (verb) {
            case 'get': {
                const found = this.store.peek(type, ns, name);
                if (!found)
                    throw statusErrors.notFound(type, name);
                return sendJson(res, 200, found);
            }
            case 'list':
            case 'watch': {
                const filter = {
                    ...(ns !== undefined ? { namespace: ns } : {}),
                    labels: parseLabelSelector(q.get('labelSelector')),
                    fields: parseFieldSelector(q.get('fieldSelector'), type),
                };
                if (name !== undefined)
                    filter.fields.push({ field: 'metadata.name', op: '=', value: name });
                if (verb === 'list')
                    return sendJson(res, 200, listResponse(this.store, type, filter, q));
                const timeout = Number(q.get('timeoutSeconds') ?? 0);
                const rv = q.get('resourceVersion');
                const sendInitial = q.get('sendInitialEvents');
                this.watches.serve({
                    type,
                    filter,
                    ...(rv !== null ? { resourceVersion: rv } : {}),
                    allowBookmarks: q.get('allowWatchBookmarks') === 'true',
                    ...(sendInitial !== null ? { sendInitialEvents: sendInitial === 'true' } : {}),
                    ...(timeout > 0 ? { timeoutSeconds: timeout } : {}),
                }, res, url.pathname);
                return;
            }
            case 'create': {
                if (route.subresource)
                    throw statusErrors.methodNotAllowed('cannot create a subresource');
                const body = await jsonBody(req);
                if (!body)
                    throw statusErrors.badRequest('the request body is empty');
                const { result, headers } = write(() => this.store.create(type, ns, body));
                return sendJson(res, 201, result, headers);
            }
            case 'update': {
                const body = await jsonBody(req);
                if (!body)
                    throw statusErrors.badRequest('the request body is empty');
                const { result, headers } = write(() => this.store.update(type, ns, name, body, status));
                return sendJson(res, 200, result, headers);
            }
            case 'patch': {
                const patchType = patchTypeOf(req.headers['content-type'], type.custom);
                const body = await jsonBody(req);
                const { result, headers } = write(() => this.store.patch(type, ns, name, patchType, body, status));
                return sendJson(res, 200, result, headers);
            }
            case 'delete': {
                const options = ((await jsonBody(req)) ?? {});
                const policy = q.get('propagationPolicy');
                if (policy)
                    options.propagationPolicy = policy;
                const { result } = write(() => this.store.delete(type, ns, name, options));
                const { object, removed } = result;
                if (removed && !type.custom && type.kind !== 'Pod') {
                    return sendJson(res, 200, {
                        kind: 'Status',
                        apiVersion: 'v1',
                        metadata: {},
                        status: 'Success',
                        details: { name, group: type.group, kind: type.plural, uid: object.metadata.uid },
                    });
                }
                return sendJson(res, 200, object);
            }
            case 'deletecollection': {
                const filter = {
                    ...(ns !== undefined ? { namespace: ns } : {}),
                    labels: parseLabelSelector(q.get('labelSelector')),
                    fields: parseFieldSelector(q.get('fieldSelector'), type),
                };
                const items = this.store
                    .scan(type, filter)
                    .map((o) => this.store.delete(type, o.metadata.namespace, o.metadata.name).object);
                return sendJson(res, 200, {
                    kind: type.listKind,
                    apiVersion: apiVersionOf(type),
                    metadata: { resourceVersion: String(this.store.resourceVersion) },
                    items,
                });
            }
        }
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/kube/index.ts











;// CONCATENATED MODULE: ./packages/testkit/src/arc/constants.ts
/** Names ARC uses for labels, annotations and finalizers (from the reference facts). */
const LABEL = {
    version: 'app.kubernetes.io/version',
    name: 'app.kubernetes.io/name',
    instance: 'app.kubernetes.io/instance',
    component: 'app.kubernetes.io/component',
    partOf: 'app.kubernetes.io/part-of',
    managedBy: 'app.kubernetes.io/managed-by',
    scaleSetName: 'actions.github.com/scale-set-name',
    scaleSetNamespace: 'actions.github.com/scale-set-namespace',
    enterprise: 'actions.github.com/enterprise',
    organization: 'actions.github.com/organization',
    repository: 'actions.github.com/repository',
    ephemeralRunnerPod: 'actions-ephemeral-runner',
    listenerName: 'auto-scaling-listener-name',
    listenerNamespace: 'auto-scaling-listener-namespace',
};
const ANNOTATION = {
    scaleSetId: 'runner-scale-set-id',
    runnerGroupName: 'actions.github.com/runner-group-name',
    scaleSetName: 'actions.github.com/runner-scale-set-name',
    valuesHash: 'actions.github.com/values-hash',
    changeHash: 'actions.github.com/change-hash',
    runnerSpecHash: 'actions.github.com/runner-spec-hash',
    patchId: 'actions.github.com/patch-id',
};
const FINALIZER = {
    ars: 'autoscalingrunnerset.actions.github.com/finalizer',
    ers: 'ephemeralrunner.actions.github.com/finalizer',
    er: 'ephemeralrunner.actions.github.com/finalizer',
    erRegistration: 'ephemeralrunner.actions.github.com/runner-registration-finalizer',
    listener: 'autoscalinglistener.actions.github.com/finalizer',
};
const KIND = {
    ars: 'AutoscalingRunnerSet',
    ers: 'EphemeralRunnerSet',
    er: 'EphemeralRunner',
    listener: 'AutoscalingListener',
};
/** The newest patch release of each minor the simulator knows. */
const DEFAULT_PATCH = { '0.12': 1, '0.13': 1, '0.14': 2 };
/** The 32-bit maximum the controller gives a listener when maxRunners is unset. */
const MAX_INT32 = 2147483647;

;// CONCATENATED MODULE: ./packages/testkit/src/arc/context.ts

const types = {
    ars: resourceByKind('AutoscalingRunnerSet'),
    ers: resourceByKind('EphemeralRunnerSet'),
    er: resourceByKind('EphemeralRunner'),
    listener: resourceByKind('AutoscalingListener'),
    pod: resourceByKind('Pod'),
    secret: resourceByKind('Secret'),
    deployment: resourceByKind('Deployment'),
    namespace: resourceByKind('Namespace'),
};
function context_keyOf(obj) {
    return `${obj.metadata.namespace}/${obj.metadata.name}`;
}
function faultsFor(ctx, scaleSet) {
    let f = ctx.faults.get(scaleSet);
    if (!f) {
        f = { leaked: new Set(), neverFinishes: false, outdated: false, failing: false };
        ctx.faults.set(scaleSet, f);
    }
    return f;
}
function ownerRef(obj) {
    return {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
    };
}
function controllerOf(obj) {
    return obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}
function hasFinalizer(obj, finalizer) {
    return obj.metadata.finalizers?.includes(finalizer) ?? false;
}
/** The writes controllers make, all through the store's validation, resourceVersion and watch path. */
function writer(ctx) {
    const s = ctx.store;
    return {
        addFinalizers(kind, obj, ...finalizers) {
            const missing = finalizers.filter((f) => !hasFinalizer(obj, f));
            if (missing.length === 0 || obj.metadata.deletionTimestamp)
                return;
            s.patch(types[kind], obj.metadata.namespace, obj.metadata.name, 'merge', {
                metadata: { finalizers: [...(obj.metadata.finalizers ?? []), ...missing] },
            });
        },
        removeFinalizer(kind, obj, finalizer) {
            const current = s.peek(types[kind], obj.metadata.namespace, obj.metadata.name);
            if (!current || !hasFinalizer(current, finalizer))
                return;
            s.patch(types[kind], obj.metadata.namespace, obj.metadata.name, 'merge', {
                metadata: { finalizers: current.metadata.finalizers.filter((f) => f !== finalizer) },
            });
        },
        status(kind, obj, status) {
            const current = s.peek(types[kind], obj.metadata.namespace, obj.metadata.name);
            if (!current)
                return;
            const have = (current.status ?? {});
            if (Object.entries(status).every(([k, v]) => JSON.stringify(have[k]) === JSON.stringify(v)))
                return;
            s.patch(types[kind], obj.metadata.namespace, obj.metadata.name, 'merge', { status }, 'status');
        },
        delete(kind, obj) {
            const current = s.peek(types[kind], obj.metadata.namespace, obj.metadata.name);
            if (!current || current.metadata.deletionTimestamp)
                return;
            s.delete(types[kind], obj.metadata.namespace, obj.metadata.name);
        },
    };
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/deployment.ts

const CONTROLLER_DEPLOYMENT = 'arc-gha-rs-controller';
/**
 * The controller Deployment as the gha-runner-scale-set-controller chart renders it for release
 * `arc`: clients read the version from `app.kubernetes.io/version` and the update strategy from the
 * `manager` container's `--update-strategy=` argument, as on a real cluster.
 */
function controllerDeployment(version, strategy, namespace) {
    const labels = {
        'app.kubernetes.io/name': 'gha-rs-controller',
        'app.kubernetes.io/namespace': namespace,
        'app.kubernetes.io/instance': 'arc',
        'app.kubernetes.io/version': version,
        'app.kubernetes.io/part-of': 'gha-rs-controller',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/component': 'controller-manager',
        'helm.sh/chart': `gha-rs-controller-${version}`,
    };
    const selector = {
        'app.kubernetes.io/name': 'gha-rs-controller',
        'app.kubernetes.io/namespace': namespace,
        'app.kubernetes.io/instance': 'arc',
    };
    return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: CONTROLLER_DEPLOYMENT, labels },
        spec: {
            replicas: 1,
            selector: { matchLabels: selector },
            template: {
                metadata: { labels: { ...labels, 'app.kubernetes.io/component': 'controller-manager' } },
                spec: {
                    serviceAccountName: 'arc-gha-rs-controller',
                    containers: [
                        {
                            name: 'manager',
                            image: `ghcr.io/actions/gha-runner-scale-set-controller:${version}`,
                            imagePullPolicy: 'IfNotPresent',
                            command: ['/manager'],
                            args: [
                                '--auto-scaling-runner-set-only',
                                '--log-level=debug',
                                '--log-format=text',
                                `--update-strategy=${strategy}`,
                                '--listener-metrics-addr=0',
                                '--listener-metrics-endpoint=',
                                '--metrics-addr=0',
                            ],
                            env: [
                                {
                                    name: 'CONTROLLER_MANAGER_CONTAINER_IMAGE',
                                    value: `ghcr.io/actions/gha-runner-scale-set-controller:${version}`,
                                },
                                {
                                    name: 'CONTROLLER_MANAGER_POD_NAMESPACE',
                                    valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
                                },
                            ],
                        },
                    ],
                },
            },
        },
    };
}
function installController(store, version, strategy, namespace) {
    store.create(types.deployment, namespace, controllerDeployment(version, strategy, namespace));
    store.patch(types.deployment, namespace, CONTROLLER_DEPLOYMENT, 'merge', {
        status: {
            observedGeneration: 1,
            replicas: 1,
            readyReplicas: 1,
            availableReplicas: 1,
            updatedReplicas: 1,
        },
    }, 'status');
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/hash.ts
/**
 * Hashes in the shape ARC writes them. ARC hashes Go structs (FNV-32a over go-spew dumps), which
 * TypeScript cannot reproduce; these hash a canonical JSON instead. They change exactly when the
 * same inputs change, which is all a client may rely on (compare before/after, never recompute).
 */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
function fnv32a(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
}
/** Kubernetes' rand.SafeEncodeString: each character mapped into an alphabet without vowels or look-alikes. */
function safeEncode(text) {
    let out = '';
    for (let i = 0; i < text.length; i++)
        out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
    return out;
}
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
/** A template hash as ARC formats it: SafeEncode of the decimal FNV-32a sum. */
function templateHash(value) {
    return safeEncode(String(fnv32a(canonicalJson(value))));
}
/** ListenerSpecHash: the entire ARS spec. */
function listenerSpecHash(spec) {
    return templateHash(spec);
}
/** RunnerSetSpecHash: only the fields that shape a runner (not min/max, labels or listener settings). */
function runnerSetSpecHash(spec) {
    const { githubConfigUrl, githubConfigSecret, runnerGroup, runnerScaleSetName, proxy, githubServerTLS, template, } = spec;
    return templateHash({
        githubConfigUrl,
        githubConfigSecret,
        runnerGroup,
        runnerScaleSetName,
        proxy,
        githubServerTLS,
        template,
    });
}
/** 0.14.x `change-hash`: spec and labels. */
function changeHash(spec, labels) {
    return templateHash({ spec, labels: labels ?? {} });
}
/**
 * The listener name: `<ars>-<8 chars>-listener`. From 0.13.1 the hash covers
 * namespace@runnerGroup@githubConfigUrl; up to 0.13.0 only the namespace.
 */
function listenerName(ars, version) {
    const newScheme = version.minor === '0.14' || (version.minor === '0.13' && version.patch >= 1);
    const input = newScheme
        ? `${ars.namespace}@${ars.runnerGroup ?? ''}@${ars.githubConfigUrl ?? ''}`
        : ars.namespace;
    return `${ars.name}-${safeEncode(String(fnv32a(input)).padStart(10, '0')).slice(0, 8)}-listener`;
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/version-gate.ts
/**
 * IsVersionAllowed: the same major.minor as the controller (patch skew allowed since 0.12). A missing
 * or non-semver label is not allowed, and the controller deletes the ARS.
 */
function versionAllowed(label, controllerVersion) {
    const parse = (v) => /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v ?? '');
    const a = parse(label);
    const b = parse(controllerVersion);
    return !!a && !!b && a[1] === b[1] && a[2] === b[2];
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/ars.ts




function specOf(ars) {
    return (ars.spec ?? {});
}
function effectiveCaps(spec) {
    return {
        minRunners: typeof spec['minRunners'] === 'number' ? spec['minRunners'] : 0,
        maxRunners: typeof spec['maxRunners'] === 'number' ? spec['maxRunners'] : MAX_INT32,
    };
}
function listenerNameOf(ctx, ars) {
    const spec = specOf(ars);
    return listenerName({
        name: ars.metadata.name,
        namespace: ars.metadata.namespace,
        runnerGroup: spec['runnerGroup'],
        githubConfigUrl: spec['githubConfigUrl'],
    }, ctx.version);
}
/** The runner sets a scale set controls, oldest first ("latest" is the newest creationTimestamp). */
function runnerSetsOf(ctx, ars) {
    return ctx.store
        .scan(types.ers, { namespace: ars.metadata.namespace })
        .filter((e) => e.metadata.ownerReferences?.some((r) => r.controller && r.uid === ars.metadata.uid))
        .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) ||
        Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}
function drainingJobs(ctx, ers) {
    const st = (ers.status ?? {});
    return (ctx.strategy === 'eventual' &&
        (st['runningEphemeralRunners'] ?? 0) + (st['pendingEphemeralRunners'] ?? 0) > 0);
}
/** Labels parsed from the config URL, each cut to 63 characters as the controller does. */
function urlLabels(url) {
    const parts = url
        .replace(/^https?:\/\/[^/]+\/?/, '')
        .split('/')
        .filter(Boolean);
    const cut = (s) => s.slice(0, 63);
    if (parts[0] === 'enterprises' && parts[1])
        return { [LABEL.enterprise]: cut(parts[1]) };
    const out = {};
    if (parts[0])
        out[LABEL.organization] = cut(parts[0]);
    if (parts[1])
        out[LABEL.repository] = cut(parts[1]);
    return out;
}
function createRunnerSet(ctx, ars, scaleSetId) {
    const spec = specOf(ars);
    const template = (spec['template'] ?? {});
    const ann = ars.metadata.annotations ?? {};
    ctx.store.create(types.ers, ars.metadata.namespace, {
        apiVersion: types.ers.group + '/' + types.ers.version,
        kind: types.ers.kind,
        metadata: {
            generateName: `${ars.metadata.name}-`,
            labels: {
                ...ars.metadata.labels,
                [LABEL.component]: 'runner-set',
                [LABEL.partOf]: 'gha-runner-scale-set',
                [LABEL.scaleSetName]: ars.metadata.name,
                [LABEL.scaleSetNamespace]: ars.metadata.namespace,
                [LABEL.version]: ctx.version.full,
            },
            annotations: {
                [ANNOTATION.runnerSpecHash]: runnerSetSpecHash(spec),
                [ANNOTATION.runnerGroupName]: ann[ANNOTATION.runnerGroupName] ?? '',
                [ANNOTATION.scaleSetName]: ann[ANNOTATION.scaleSetName] ?? '',
            },
            ownerReferences: [ownerRef(ars)],
        },
        spec: {
            replicas: 0,
            patchID: 0,
            ephemeralRunnerSpec: {
                githubConfigUrl: spec['githubConfigUrl'],
                githubConfigSecret: spec['githubConfigSecret'],
                runnerScaleSetId: scaleSetId,
                ...(spec['proxy'] ? { proxy: spec['proxy'] } : {}),
                ...(spec['githubServerTLS'] ? { githubServerTLS: spec['githubServerTLS'] } : {}),
                ...(spec['vaultConfig'] ? { vaultConfig: spec['vaultConfig'] } : {}),
                ...(template.metadata ? { metadata: template.metadata } : {}),
                spec: template.spec ?? { containers: [] },
            },
        },
    });
    ctx.log(`${context_keyOf(ars)}: created a new EphemeralRunnerSet`);
}
function createListener(ctx, ars, latest, scaleSetId) {
    const spec = specOf(ars);
    const stuck = faultsFor(ctx, context_keyOf(ars)).stuckCaps;
    const caps = stuck ?? effectiveCaps(spec);
    ctx.store.create(types.listener, ctx.controllerNamespace, {
        apiVersion: `${types.listener.group}/${types.listener.version}`,
        kind: types.listener.kind,
        metadata: {
            name: listenerNameOf(ctx, ars),
            labels: {
                [LABEL.scaleSetName]: ars.metadata.name,
                [LABEL.scaleSetNamespace]: ars.metadata.namespace,
                [LABEL.component]: 'runner-scale-set-listener',
                [LABEL.partOf]: 'gha-runner-scale-set',
                [LABEL.version]: ctx.version.full,
            },
            annotations: {
                [ANNOTATION.runnerSpecHash]: listenerSpecHash(spec),
                [ANNOTATION.valuesHash]: ars.metadata.annotations?.[ANNOTATION.valuesHash] ?? '',
            },
        },
        spec: {
            githubConfigUrl: spec['githubConfigUrl'],
            githubConfigSecret: spec['githubConfigSecret'],
            runnerScaleSetId: scaleSetId,
            autoscalingRunnerSetNamespace: ars.metadata.namespace,
            autoscalingRunnerSetName: ars.metadata.name,
            ephemeralRunnerSetName: latest.metadata.name,
            minRunners: caps.minRunners,
            maxRunners: caps.maxRunners,
            image: `ghcr.io/actions/gha-runner-scale-set-controller:${ctx.version.full}`,
        },
    });
    ctx.log(`${context_keyOf(ars)}: created AutoscalingListener ${listenerNameOf(ctx, ars)}`);
}
/**
 * 0.14.x: once the latest runner set is Outdated, the ARS becomes Outdated and cleanUpResources
 * removes the listener and every runner set (and the scale set on GitHub); it stays so until its
 * spec or labels change (a new change-hash resets the phase to Pending).
 */
function outdated(ctx, ars, sets) {
    const w = writer(ctx);
    const latest = sets.at(-1);
    const phase = ars.status?.phase;
    if (phase !== 'Outdated') {
        if (latest?.status?.phase !== 'Outdated')
            return false;
        w.status('ars', ars, { phase: 'Outdated' });
        ctx.log(`${context_keyOf(ars)}: the runner set is outdated: cleaning up resources`);
        const id = Number(ars.metadata.annotations?.[ANNOTATION.scaleSetId]);
        if (id > 0)
            ctx.github.deleteScaleSet(id);
    }
    const listener = ctx.store.peek(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
    if (listener)
        w.delete('listener', listener);
    for (const s of sets)
        w.delete('ers', s);
    return true;
}
function finalize(ctx, ars) {
    const w = writer(ctx);
    if (!hasFinalizer(ars, FINALIZER.ars))
        return;
    const listener = ctx.store.peek(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
    if (listener) {
        w.delete('listener', listener);
        return;
    }
    const sets = runnerSetsOf(ctx, ars);
    if (sets.length > 0) {
        for (const s of sets)
            w.delete('ers', s);
        return;
    }
    const id = Number(ars.metadata.annotations?.[ANNOTATION.scaleSetId]);
    if (id > 0)
        ctx.github.deleteScaleSet(id);
    w.removeFinalizer('ars', ars, FINALIZER.ars);
}
/** One pass of the AutoscalingRunnerSet controller over one ARS (0.14.2 order, version differences applied). */
function reconcileArs(ctx, ars) {
    const w = writer(ctx);
    if (ars.metadata.deletionTimestamp) {
        finalize(ctx, ars);
        return;
    }
    if (!versionAllowed(ars.metadata.labels?.[LABEL.version], ctx.version.full)) {
        ctx.log(`${context_keyOf(ars)}: version label ${ars.metadata.labels?.[LABEL.version] ?? '(missing)'} not allowed by controller ${ctx.version.full}: deleting the AutoscalingRunnerSet`);
        w.delete('ars', ars);
        return;
    }
    if (!hasFinalizer(ars, FINALIZER.ars)) {
        w.addFinalizers('ars', ars, FINALIZER.ars);
        return;
    }
    const spec = specOf(ars);
    const ann = ars.metadata.annotations ?? {};
    const scaleSetId = Number(ann[ANNOTATION.scaleSetId]);
    const group = String(spec['runnerGroup'] ?? 'default');
    const scaleSetName = String(spec['runnerScaleSetName'] ?? ars.metadata.name);
    if (!Number.isInteger(scaleSetId) || scaleSetId <= 0) {
        const id = ctx.github.createScaleSet(scaleSetName, group);
        ctx.store.patch(types.ars, ars.metadata.namespace, ars.metadata.name, 'merge', {
            metadata: {
                annotations: {
                    [ANNOTATION.scaleSetId]: String(id),
                    [ANNOTATION.runnerGroupName]: group,
                    [ANNOTATION.scaleSetName]: scaleSetName,
                },
                labels: urlLabels(String(spec['githubConfigUrl'] ?? '')),
            },
        });
        return;
    }
    if ((ann[ANNOTATION.runnerGroupName] ?? '').toLowerCase() !== group.toLowerCase() ||
        (ann[ANNOTATION.scaleSetName] ?? '').toLowerCase() !== scaleSetName.toLowerCase()) {
        ctx.store.patch(types.ars, ars.metadata.namespace, ars.metadata.name, 'merge', {
            metadata: {
                annotations: { [ANNOTATION.runnerGroupName]: group, [ANNOTATION.scaleSetName]: scaleSetName },
            },
        });
        return;
    }
    if (ctx.version.minor === '0.14') {
        const hash = changeHash(spec, ars.metadata.labels);
        if (ann[ANNOTATION.changeHash] !== hash) {
            ctx.store.patch(types.ars, ars.metadata.namespace, ars.metadata.name, 'merge', {
                metadata: { annotations: { [ANNOTATION.changeHash]: hash } },
            });
            w.status('ars', ars, { phase: 'Pending' });
            return;
        }
    }
    const sets = runnerSetsOf(ctx, ars);
    if (ctx.version.minor === '0.14' && outdated(ctx, ars, sets))
        return;
    const latest = sets.at(-1);
    if (!latest) {
        createRunnerSet(ctx, ars, scaleSetId);
        return;
    }
    const listener = ctx.store.peek(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
    if (listener?.metadata.deletionTimestamp)
        return;
    const stuck = faultsFor(ctx, context_keyOf(ars)).stuckCaps;
    if (listener && !stuck) {
        const valuesChanged = listener.metadata.annotations?.[ANNOTATION.valuesHash] !== (ann[ANNOTATION.valuesHash] ?? '');
        const specChanged = listener.metadata.annotations?.[ANNOTATION.runnerSpecHash] !== listenerSpecHash(spec);
        if (valuesChanged || specChanged) {
            ctx.log(`${context_keyOf(ars)}: RunnerScaleSetListener is out of date. Deleting it so that it is recreated`);
            w.delete('listener', listener);
            return;
        }
    }
    if (latest.metadata.annotations?.[ANNOTATION.runnerSpecHash] !== runnerSetSpecHash(spec)) {
        if (drainingJobs(ctx, latest)) {
            const s = latest.spec;
            if (s.replicas !== 0 || s.patchID !== 0) {
                ctx.store.patch(types.ers, latest.metadata.namespace, latest.metadata.name, 'merge', {
                    spec: { replicas: 0, patchID: 0 },
                });
            }
            return;
        }
        createRunnerSet(ctx, ars, scaleSetId);
        return;
    }
    for (const old of sets.slice(0, -1))
        w.delete('ers', old);
    if (!listener) {
        if (drainingJobs(ctx, latest)) {
            ctx.log(`${context_keyOf(ars)}: Creating a new AutoscalingListener is waiting for the running and pending runners to finish`);
            return;
        }
        createListener(ctx, ars, latest, scaleSetId);
        return;
    }
    const st = (latest.status ?? {});
    w.status('ars', ars, {
        currentRunners: st['currentReplicas'] ?? 0,
        pendingEphemeralRunners: st['pendingEphemeralRunners'] ?? 0,
        runningEphemeralRunners: st['runningEphemeralRunners'] ?? 0,
        failedEphemeralRunners: st['failedEphemeralRunners'] ?? 0,
        ...(ctx.version.minor === '0.14' ? { phase: 'Running' } : {}),
    });
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/pods.ts


/** What the kubelet would do to a pod: the simulator's stand-in for nodes and containers. */
function setPodPhase(ctx, pod, phase, exitCode = 0) {
    const current = ctx.store.peek(types.pod, pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid)
        return;
    const container = (current.spec?.containers ?? [])[0]?.name ?? 'main';
    const now = kubeTimestamp(ctx.clock.now());
    const state = phase === 'Running'
        ? { running: { startedAt: now } }
        : { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: now } };
    ctx.store.patch(types.pod, pod.metadata.namespace, pod.metadata.name, 'merge', {
        status: {
            phase,
            conditions: [
                { type: 'Ready', status: phase === 'Running' ? 'True' : 'False', lastTransitionTime: now },
            ],
            containerStatuses: [{ name: container, ready: phase === 'Running', restartCount: 0, state }],
            ...(phase === 'Running' ? { startTime: now } : {}),
        },
    }, 'status');
}
function createPod(ctx, owner, o) {
    return ctx.store.create(types.pod, o.namespace, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
            name: o.name,
            labels: o.labels,
            ownerReferences: [
                {
                    apiVersion: owner.apiVersion,
                    kind: owner.kind,
                    name: owner.metadata.name,
                    uid: owner.metadata.uid,
                    controller: true,
                    blockOwnerDeletion: true,
                },
            ],
        },
        spec: o.spec,
    });
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/runner-state.ts
function statusOf(er) {
    return (er.status ?? {});
}
/** IsDone: Succeeded, Failed or Outdated. */
function isDone(er) {
    const phase = statusOf(er).phase;
    return phase === 'Succeeded' || phase === 'Failed' || phase === 'Outdated';
}
/** The controller's busy test: `jobId` set (0.13+) or `jobRequestId > 0` (0.12), and not done. */
function isBusy(ctx, er) {
    const st = statusOf(er);
    const hasJob = ctx.version.minor === '0.12' ? (st.jobRequestId ?? 0) > 0 : (st.jobId ?? '').length > 0;
    return !isDone(er) && hasJob;
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/er.ts





function scaleSetOfRunner(er) {
    return `${er.metadata.namespace}/${er.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}
function er_finalize(ctx, er, pod) {
    const w = writer(ctx);
    if (hasFinalizer(er, FINALIZER.erRegistration)) {
        const runnerId = statusOf(er).runnerId;
        if (runnerId && !ctx.github.removeRunner(runnerId)) {
            ctx.log(`${context_keyOf(er)}: Runner is not finished yet, retrying in ${ctx.timings.requeueMs / 1000}s`);
            return;
        }
        w.removeFinalizer('er', er, FINALIZER.erRegistration);
        return;
    }
    if (pod)
        ctx.store.delete(types.pod, pod.metadata.namespace, pod.metadata.name);
    const secret = ctx.store.peek(types.secret, er.metadata.namespace, er.metadata.name);
    if (secret)
        ctx.store.delete(types.secret, secret.metadata.namespace, secret.metadata.name);
    w.removeFinalizer('er', er, FINALIZER.er);
}
/**
 * Creates the JIT config (registering the runner on GitHub) and its secret once, and the runner pod
 * (again after a failure).
 */
function start(ctx, er) {
    let runnerId = statusOf(er).runnerId;
    if (!runnerId)
        runnerId = ctx.github.register(scaleSetOfRunner(er), er.metadata.name);
    if (!ctx.store.peek(types.secret, er.metadata.namespace, er.metadata.name)) {
        ctx.store.create(types.secret, er.metadata.namespace, {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: er.metadata.name, ownerReferences: [ownerRef(er)] },
            data: { jitToken: Buffer.from(`simulated-jit-config-${runnerId}`).toString('base64') },
        });
    }
    const template = er.spec;
    const pod = createPod(ctx, er, {
        name: er.metadata.name,
        namespace: er.metadata.namespace,
        labels: {
            ...template.metadata?.labels,
            ...er.metadata.labels,
            [LABEL.ephemeralRunnerPod]: 'True',
            'pod-template-hash': 'sim',
        },
        spec: template.spec ?? { containers: [] },
    });
    writer(ctx).status('er', er, { phase: 'Pending', runnerId, runnerName: er.metadata.name, ready: false });
    const faults = faultsFor(ctx, scaleSetOfRunner(er));
    const outcome = faults.outdated ? 7 : faults.failing ? 1 : undefined;
    ctx.clock.schedule(ctx.timings.podStartMs, () => outcome === undefined ? setPodPhase(ctx, pod, 'Running') : setPodPhase(ctx, pod, 'Failed', outcome));
}
/** A failed runner pod: recorded in `failures`, removed and recreated; more than 5 failures delete the runner. */
function podFailed(ctx, er, pod) {
    const failures = { ...(statusOf(er).failures ?? {}) };
    failures[pod.metadata.uid] = kubeTimestamp(ctx.clock.now());
    if (Object.keys(failures).length > 5) {
        ctx.log(`${context_keyOf(er)}: runner failed more than 5 times: deleting it`);
        writer(ctx).delete('er', er);
        return;
    }
    writer(ctx).status('er', er, { phase: 'Pending', ready: false, failures });
    ctx.store.delete(types.pod, pod.metadata.namespace, pod.metadata.name);
}
/** One pass of the EphemeralRunner controller: finalizers, pod lifecycle, phase mirroring, exit-0 deletion. */
function reconcileEr(ctx, er) {
    const w = writer(ctx);
    const pod = ctx.store.peek(types.pod, er.metadata.namespace, er.metadata.name);
    if (er.metadata.deletionTimestamp) {
        er_finalize(ctx, er, pod);
        return;
    }
    if (!hasFinalizer(er, FINALIZER.er) || !hasFinalizer(er, FINALIZER.erRegistration)) {
        w.addFinalizers('er', er, FINALIZER.er, FINALIZER.erRegistration);
        return;
    }
    const st = statusOf(er);
    if (st.phase === 'Succeeded') {
        w.delete('er', er); // exit code 0: the runner is done
        return;
    }
    if (!pod) {
        if (!st.phase || st.phase === 'Pending')
            start(ctx, er);
        return;
    }
    const podStatus = (pod.status ?? {});
    let phase = podStatus.phase ?? 'Pending';
    // Exit code 7: the runner is outdated (a phase of its own from 0.14; a failure before).
    const exitCode = podStatus.containerStatuses?.[0]?.state?.terminated?.exitCode;
    if (phase === 'Failed' && exitCode === 7 && ctx.version.minor === '0.14')
        phase = 'Outdated';
    if (phase === 'Failed' && exitCode !== 7) {
        podFailed(ctx, er, pod);
        return;
    }
    if (phase !== st.phase) {
        w.status('er', er, {
            phase,
            ready: phase === 'Running',
            ...(phase === 'Outdated' ? { reason: 'Outdated', message: 'Runner version is outdated' } : {}),
        });
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/ers.ts



function scaleSetKey(ers) {
    return `${ers.metadata.namespace}/${ers.metadata.labels?.[LABEL.scaleSetName] ?? ''}`;
}
function createRunner(ctx, ers, patchId) {
    const spec = ers.spec;
    ctx.store.create(types.er, ers.metadata.namespace, {
        apiVersion: `${types.er.group}/${types.er.version}`,
        kind: types.er.kind,
        metadata: {
            generateName: `${ers.metadata.name}-runner-`,
            labels: { ...ers.metadata.labels, [LABEL.component]: 'runner' },
            annotations: { ...ers.metadata.annotations, [ANNOTATION.patchId]: String(patchId) },
            ownerReferences: [ownerRef(ers)],
        },
        spec: structuredClone(spec.ephemeralRunnerSpec ?? {}),
    });
}
/** deleteIdleEphemeralRunners: only registered, idle runners whose RemoveRunner succeeds. */
function deleteIdle(ctx, ers, runners, count) {
    const leaked = faultsFor(ctx, scaleSetKey(ers)).leaked;
    let deleted = 0;
    for (const er of runners) {
        if (deleted >= count)
            break;
        const st = statusOf(er);
        if (er.metadata.deletionTimestamp || !st.runnerId || isBusy(ctx, er) || leaked.has(er.metadata.name))
            continue;
        if (!ctx.github.removeRunner(st.runnerId))
            continue; // JobStillRunningError: skip it
        writer(ctx).delete('er', er);
        deleted++;
    }
}
/** One pass of the EphemeralRunnerSet controller (the scaling rules quoted in the reference). */
function reconcileErs(ctx, ers, runners) {
    const w = writer(ctx);
    if (ers.metadata.deletionTimestamp) {
        for (const er of runners)
            w.delete('er', er);
        if (runners.length === 0)
            w.removeFinalizer('ers', ers, FINALIZER.ers);
        return;
    }
    if (!hasFinalizer(ers, FINALIZER.ers)) {
        w.addFinalizers('ers', ers, FINALIZER.ers);
        return;
    }
    const live = runners.filter((r) => !r.metadata.deletionTimestamp);
    const byPhase = (phase) => live.filter((r) => (statusOf(r).phase ?? 'Pending') === phase);
    for (const done of byPhase('Succeeded'))
        w.delete('er', done);
    const pending = byPhase('Pending');
    const running = byPhase('Running');
    const failed = [...byPhase('Failed'), ...byPhase('Outdated')];
    const total = pending.length + running.length + failed.length;
    const spec = ers.spec;
    const replicas = spec.replicas ?? 0;
    const latestPatchId = runners.reduce((max, r) => Math.max(max, Number(r.metadata.annotations?.[ANNOTATION.patchId] ?? -1)), -1);
    if (spec.patchID === 0 || spec.patchID !== latestPatchId) {
        if (total < replicas) {
            for (let i = total; i < replicas; i++)
                createRunner(ctx, ers, spec.patchID);
            ctx.log(`${context_keyOf(ers)}: scaling up from ${total} to ${replicas}`);
        }
        else if (spec.patchID === 0 && total > replicas) {
            deleteIdle(ctx, ers, [...pending, ...running], total - replicas);
        }
    }
    w.status('ers', ers, {
        currentReplicas: total,
        pendingEphemeralRunners: pending.length,
        runningEphemeralRunners: running.length,
        failedEphemeralRunners: failed.length,
        ...(ctx.version.minor === '0.14'
            ? { phase: byPhase('Outdated').length > 0 ? 'Outdated' : 'Running' }
            : {}),
    });
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/controllers/listener.ts



function listenerSpec(al) {
    return al.spec;
}
/** The config.json the listener controller writes into `<listener>-config`. */
function listenerConfig(al) {
    const s = listenerSpec(al);
    return {
        configure_url: al.spec.githubConfigUrl,
        ephemeral_runner_set_namespace: s.autoscalingRunnerSetNamespace,
        ephemeral_runner_set_name: s.ephemeralRunnerSetName,
        max_runners: s.maxRunners,
        min_runners: s.minRunners,
        runner_scale_set_id: s.runnerScaleSetId,
        runner_scale_set_name: s.autoscalingRunnerSetName,
    };
}
const reportedInvalid = new WeakSet();
/**
 * One pass of the AutoscalingListener controller: finalizer, config secret (refused when
 * maxRunners < minRunners, as config.Validate does), listener pod, restart of a terminated pod.
 */
function reconcileListener(ctx, al, onPodRunning) {
    const w = writer(ctx);
    const ns = al.metadata.namespace;
    const name = al.metadata.name;
    const pod = ctx.store.peek(types.pod, ns, name);
    const secret = ctx.store.peek(types.secret, ns, `${name}-config`);
    if (al.metadata.deletionTimestamp) {
        if (pod)
            ctx.store.delete(types.pod, ns, name);
        if (secret)
            ctx.store.delete(types.secret, ns, `${name}-config`);
        w.removeFinalizer('listener', al, FINALIZER.listener);
        return;
    }
    if (!hasFinalizer(al, FINALIZER.listener)) {
        w.addFinalizers('listener', al, FINALIZER.listener);
        return;
    }
    const spec = listenerSpec(al);
    if (spec.maxRunners < spec.minRunners) {
        if (!reportedInvalid.has(al)) {
            reportedInvalid.add(al);
            ctx.log(`${context_keyOf(al)}: invalid listener config: MaxRunners (${spec.maxRunners}) cannot be less than MinRunners (${spec.minRunners})`);
        }
        return;
    }
    const config = Buffer.from(JSON.stringify(listenerConfig(al))).toString('base64');
    if (!secret) {
        ctx.store.create(types.secret, ns, {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: `${name}-config`, ownerReferences: [ownerRef(al)] },
            data: { 'config.json': config },
        });
        return;
    }
    const drifted = secret['data']?.['config.json'] !== config;
    if (drifted) {
        ctx.store.patch(types.secret, ns, `${name}-config`, 'merge', { data: { 'config.json': config } });
        if (pod)
            ctx.store.delete(types.pod, ns, name);
        return;
    }
    if (!pod) {
        const created = createPod(ctx, al, {
            name,
            namespace: ns,
            labels: {
                [LABEL.listenerName]: name,
                [LABEL.listenerNamespace]: ns,
                [LABEL.scaleSetName]: spec.autoscalingRunnerSetName,
                [LABEL.scaleSetNamespace]: spec.autoscalingRunnerSetNamespace,
                [LABEL.component]: 'runner-scale-set-listener',
            },
            spec: {
                restartPolicy: 'Never',
                serviceAccountName: name,
                containers: [
                    {
                        name: 'listener',
                        image: al.spec.image ?? 'listener',
                        command: ['/ghalistener'],
                    },
                ],
            },
        });
        ctx.clock.schedule(ctx.timings.listenerStartMs, () => {
            setPodPhase(ctx, created, 'Running');
            const current = ctx.store.peek(types.listener, ns, name);
            if (current && current.metadata.uid === al.metadata.uid)
                onPodRunning(current);
        });
        return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed')
        ctx.store.delete(types.pod, ns, name);
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/dispatch.ts




/**
 * GitHub's side of job execution: acquired jobs go to idle, registered runners of their scale set;
 * a job that ends makes its runner exit 0 (unless the scale set's runners never finish).
 */
function dispatchJobs(ctx, listeners) {
    const waiting = ctx.github.jobs.filter((j) => j.state === 'acquired');
    if (waiting.length === 0)
        return;
    const byScaleSet = new Map();
    for (const job of waiting)
        byScaleSet.set(job.scaleSet, [...(byScaleSet.get(job.scaleSet) ?? []), job]);
    for (const [scaleSet, jobs] of byScaleSet) {
        const [ns, name] = scaleSet.split('/');
        const faults = faultsFor(ctx, scaleSet);
        const idle = ctx.store
            .scan(types.er, { namespace: ns })
            .filter((er) => er.metadata.labels?.[LABEL.scaleSetName] === name)
            .filter((er) => !er.metadata.deletionTimestamp &&
            statusOf(er).phase === 'Running' &&
            (statusOf(er).runnerId ?? 0) > 0)
            .filter((er) => !faults.leaked.has(er.metadata.name) && !ctx.github.runningJobOf(er.metadata.name))
            .filter((er) => !statusOf(er).jobRequestId)
            .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
        for (const job of jobs) {
            const runner = idle.shift();
            if (!runner)
                break;
            job.state = 'running';
            job.runnerName = runner.metadata.name;
            job.startedAt = ctx.clock.nowMs();
            listeners.report(job);
            listeners.poke(scaleSet);
            if (faults.neverFinishes)
                continue;
            ctx.clock.schedule(job.durationMs, () => {
                job.state = 'done';
                const pod = ctx.store.peek(types.pod, ns, job.runnerName);
                if (pod)
                    setPodPhase(ctx, pod, 'Succeeded', 0);
                listeners.poke(scaleSet);
            });
        }
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/fault-scenarios.ts



/**
 * Leaked idle runners: extra runners on the latest runner set, beyond its replicas, that the
 * controller's scale-down never picks (as in the reported leaks) and GitHub never gives a job;
 * a client's delete removes them normally.
 */
function leakIdleRunners(ctx, ars, count) {
    const latest = runnerSetsOf(ctx, ars).at(-1);
    if (!latest)
        throw new Error(`${context_keyOf(ars)} has no EphemeralRunnerSet yet`);
    const spec = latest.spec;
    const faults = faultsFor(ctx, context_keyOf(ars));
    const names = [];
    for (let i = 0; i < count; i++) {
        const er = ctx.store.create(types.er, latest.metadata.namespace, {
            apiVersion: `${types.er.group}/${types.er.version}`,
            kind: types.er.kind,
            metadata: {
                generateName: `${latest.metadata.name}-runner-`,
                labels: { ...latest.metadata.labels, [LABEL.component]: 'runner' },
                annotations: { ...latest.metadata.annotations, [ANNOTATION.patchId]: String(spec.patchID) },
                ownerReferences: [
                    {
                        apiVersion: latest.apiVersion,
                        kind: latest.kind,
                        name: latest.metadata.name,
                        uid: latest.metadata.uid,
                        controller: true,
                        blockOwnerDeletion: true,
                    },
                ],
            },
            spec: structuredClone(spec.ephemeralRunnerSpec ?? {}),
        });
        faults.leaked.add(er.metadata.name);
        names.push(er.metadata.name);
    }
    return names;
}
/** Listener churn: the listener is deleted `times` times, every `everyMs`; the ARS controller recreates it. */
function churnListener(ctx, namespace, name, times, everyMs) {
    for (let k = 1; k <= times; k++) {
        ctx.clock.schedule(k * everyMs, () => {
            const ars = ctx.store.peek(types.ars, namespace, name);
            if (!ars)
                return;
            const al = ctx.store.peek(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
            if (!al)
                return;
            ctx.log(`fault: deleting listener ${context_keyOf(al)} (churn ${k}/${times})`);
            writer(ctx).delete('listener', al);
        });
    }
}
/** A listener stuck with its old caps: from now on it is not recreated on ARS spec changes and keeps min/max. */
function stickListenerCaps(ctx, ars) {
    const al = ctx.store.peek(types.listener, ctx.controllerNamespace, listenerNameOf(ctx, ars));
    const spec = al?.spec;
    faultsFor(ctx, context_keyOf(ars)).stuckCaps = spec
        ? { minRunners: spec.minRunners, maxRunners: spec.maxRunners }
        : effectiveCaps((ars.spec ?? {}));
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/github.ts
/**
 * The GitHub side of ARC, reduced to what the controller and listener see: scale-set IDs, the job
 * queue per scale set, and runner registrations (RemoveRunner refuses while a job runs).
 */
class SimActionsService {
    nextScaleSetId = 1;
    nextRunnerId = 1;
    nextRequestId = 1000;
    jobs = [];
    /** runnerId → runner name and the job it runs. */
    runners = new Map();
    scaleSets = new Map();
    createScaleSet(name, runnerGroup) {
        const id = this.nextScaleSetId++;
        this.scaleSets.set(id, { name, runnerGroup });
        return id;
    }
    deleteScaleSet(id) {
        this.scaleSets.delete(id);
    }
    enqueue(job) {
        const requestId = this.nextRequestId++;
        const full = { ...job, requestId, jobId: `job-${requestId}`, state: 'queued' };
        this.jobs.push(full);
        return full;
    }
    jobsOf(scaleSet, ...states) {
        return this.jobs.filter((j) => j.scaleSet === scaleSet && (states.length === 0 || states.includes(j.state)));
    }
    /** The listener acquires queued jobs up to its capacity (maxRunners minus jobs already assigned). */
    acquire(scaleSet, maxRunners) {
        const assigned = this.jobsOf(scaleSet, 'acquired', 'running').length;
        const room = Math.max(0, maxRunners - assigned);
        const taken = this.jobsOf(scaleSet, 'queued').slice(0, room);
        for (const job of taken)
            job.state = 'acquired';
        return taken;
    }
    register(scaleSet, name) {
        const id = this.nextRunnerId++;
        this.runners.set(id, { name, scaleSet });
        return id;
    }
    runningJobOf(runnerName) {
        return this.jobs.find((j) => j.state === 'running' && j.runnerName === runnerName);
    }
    /** RemoveRunner: false (JobStillRunningError) while the runner has a job running. */
    removeRunner(runnerId) {
        const runner = this.runners.get(runnerId);
        if (!runner)
            return true;
        if (this.runningJobOf(runner.name))
            return false;
        this.runners.delete(runnerId);
        return true;
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/listener-process.ts


/**
 * The listener pods' behaviour (cmd/ghalistener): acquire jobs, report JobStarted as a status
 * patch on the runner, and on every batch patch the runner set with `{replicas, patchID}`.
 */
class ListenerProcesses {
    ctx;
    procs = new Map();
    constructor(ctx) {
        this.ctx = ctx;
    }
    /** The listener pod came up: the process starts with a fresh patch sequence and handles a first batch. */
    start(al) {
        if (this.procs.has(al.metadata.uid))
            return;
        const spec = listenerSpec(al);
        const proc = {
            uid: al.metadata.uid,
            namespace: al.metadata.namespace,
            name: al.metadata.name,
            scaleSet: `${spec.autoscalingRunnerSetNamespace}/${spec.autoscalingRunnerSetName}`,
            patchSeq: 0,
            lastTarget: -1,
            dirty: false,
        };
        this.procs.set(proc.uid, proc);
        this.schedulePoll(proc, 0);
    }
    schedulePoll(proc, delay) {
        proc.pollTimer = this.ctx.clock.schedule(delay, () => {
            proc.pollTimer = undefined;
            if (this.pass(proc))
                this.schedulePoll(proc, this.ctx.timings.listenerPollMs);
        }, delay > 0);
    }
    running(scaleSet) {
        for (const p of this.procs.values())
            if (p.scaleSet === scaleSet && this.alive(p))
                return p;
        return undefined;
    }
    hasRunning(scaleSet) {
        return this.running(scaleSet) !== undefined;
    }
    /** A message for this scale set (job available, started, completed): handled after a short delay. */
    poke(scaleSet) {
        const proc = this.running(scaleSet);
        if (!proc)
            return;
        proc.dirty = true;
        if (proc.pokeTimer !== undefined)
            return;
        proc.pokeTimer = this.ctx.clock.schedule(this.ctx.timings.messageDelayMs, () => {
            proc.pokeTimer = undefined;
            this.pass(proc);
        });
    }
    alive(proc) {
        const al = this.ctx.store.peek(types.listener, proc.namespace, proc.name);
        const pod = this.ctx.store.peek(types.pod, proc.namespace, proc.name);
        const ok = !!al &&
            al.metadata.uid === proc.uid &&
            !al.metadata.deletionTimestamp &&
            pod?.status?.phase === 'Running';
        if (!ok)
            this.stop(proc);
        return ok;
    }
    stop(proc) {
        this.ctx.clock.cancel(proc.pokeTimer);
        this.ctx.clock.cancel(proc.pollTimer);
        this.procs.delete(proc.uid);
    }
    /** Writes the job fields onto the runner, as the listener does on JobStarted (never cleared). */
    report(job) {
        const ns = job.scaleSet.split('/')[0];
        const er = job.runnerName ? this.ctx.store.peek(types.er, ns, job.runnerName) : undefined;
        const proc = this.running(job.scaleSet);
        if (!er || !proc)
            return false;
        this.ctx.store.patch(types.er, ns, job.runnerName, 'merge', {
            status: {
                jobRequestId: job.requestId,
                ...(this.ctx.version.minor === '0.12' ? {} : { jobId: job.jobId }),
                jobRepositoryName: job.repository,
                jobWorkflowRef: job.workflowRef,
                workflowRunId: job.workflowRunId,
                jobDisplayName: job.displayName,
            },
        }, 'status');
        job.reported = true;
        proc.dirty = true;
        return true;
    }
    /** One batch: HandleDesiredRunnerCount. Returns false when the process has ended. */
    pass(proc) {
        if (!this.alive(proc))
            return false;
        const al = this.ctx.store.peek(types.listener, proc.namespace, proc.name);
        const spec = listenerSpec(al);
        if (this.ctx.github.acquire(proc.scaleSet, spec.maxRunners).length > 0)
            proc.dirty = true;
        for (const job of this.ctx.github.jobsOf(proc.scaleSet, 'running'))
            if (!job.reported)
                this.report(job);
        const count = this.ctx.github.jobsOf(proc.scaleSet, 'acquired', 'running').length;
        const target = Math.min(spec.minRunners + count, spec.maxRunners);
        proc.patchSeq += 1;
        let patchID = proc.patchSeq;
        if (!proc.dirty && target === proc.lastTarget && target === spec.minRunners)
            patchID = 0;
        proc.lastTarget = target;
        proc.dirty = false;
        const ersNs = spec.autoscalingRunnerSetNamespace;
        if (this.ctx.store.peek(types.ers, ersNs, spec.ephemeralRunnerSetName)) {
            this.ctx.store.patch(types.ers, ersNs, spec.ephemeralRunnerSetName, 'merge', {
                spec: { replicas: target, patchID },
            });
        }
        else {
            this.ctx.log(`${proc.namespace}/${proc.name}: EphemeralRunnerSet ${ersNs}/${spec.ephemeralRunnerSetName} not found`);
        }
        return true;
    }
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/scale-set.ts


/**
 * An AutoscalingRunnerSet as the gha-runner-scale-set chart renders it (labels, values-hash, the
 * runner container named `runner`), plus its GitHub config secret.
 */
function scaleSetObject(o, controllerVersion) {
    const version = o.versionLabel === undefined ? controllerVersion : o.versionLabel;
    const values = {
        githubConfigUrl: o.githubConfigUrl ?? 'https://github.com/tinyland',
        runnerGroup: o.runnerGroup ?? 'default',
        minRunners: o.minRunners,
        maxRunners: o.maxRunners,
        labels: o.labels,
        resources: o.resources,
    };
    const valuesHash = (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 63);
    const secretName = `${o.name}-gha-rs-github-secret`;
    const ars = {
        apiVersion: 'actions.github.com/v1alpha1',
        kind: 'AutoscalingRunnerSet',
        metadata: {
            name: o.name,
            labels: {
                [LABEL.name]: o.name,
                [LABEL.instance]: o.name,
                ...(version !== null ? { [LABEL.version]: version } : {}),
                [LABEL.managedBy]: 'Helm',
                [LABEL.partOf]: 'gha-rs',
                [LABEL.component]: 'autoscaling-runner-set',
                'helm.sh/chart': `gha-rs-${controllerVersion}`,
                [LABEL.scaleSetName]: o.name,
                [LABEL.scaleSetNamespace]: o.namespace,
            },
            annotations: { [ANNOTATION.valuesHash]: valuesHash },
        },
        spec: {
            githubConfigUrl: values.githubConfigUrl,
            githubConfigSecret: secretName,
            runnerGroup: values.runnerGroup,
            runnerScaleSetName: o.name,
            ...(o.labels ? { runnerScaleSetLabels: o.labels } : {}),
            ...(o.minRunners !== undefined ? { minRunners: o.minRunners } : {}),
            ...(o.maxRunners !== undefined ? { maxRunners: o.maxRunners } : {}),
            template: {
                spec: {
                    restartPolicy: 'Never',
                    containers: [
                        {
                            name: 'runner',
                            image: o.image ?? 'ghcr.io/actions/actions-runner:latest',
                            command: ['/home/runner/run.sh'],
                            ...(o.resources ? { resources: o.resources } : {}),
                        },
                    ],
                },
            },
        },
    };
    const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName },
        data: { github_token: Buffer.from('simulated-token').toString('base64') },
    };
    return { ars, secret };
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/simulator.ts











const DEFAULT_TIMINGS = {
    podStartMs: 10_000,
    listenerStartMs: 2_000,
    listenerPollMs: 50_000,
    messageDelayMs: 1_000,
    requeueMs: 30_000,
};
/**
 * The ARC controller simulator: the ARS, ERS, EphemeralRunner and listener controllers plus the
 * listener processes and GitHub's job dispatch, reconciled over the shared store on a simulated
 * clock. Every write goes through the store (validation, resourceVersion, watch events).
 */
class ArcSimulator {
    store;
    options;
    ctx;
    listeners;
    errors = [];
    logs = [];
    busy = false;
    scheduled = false;
    realTimer;
    stopped = false;
    constructor(store, options) {
        this.store = store;
        this.options = options;
        const minor = options.version.minor;
        this.ctx = {
            store,
            clock: options.clock,
            github: new SimActionsService(),
            version: { minor, patch: options.version.patch, full: `${minor}.${options.version.patch}` },
            strategy: options.strategy,
            controllerNamespace: options.controllerNamespace,
            timings: { ...DEFAULT_TIMINGS, ...options.timings },
            faults: new Map(),
            log: (message) => {
                this.logs.push(`${options.clock.now().toISOString()} ${message}`);
                if (this.logs.length > 5000)
                    this.logs.splice(0, 1000);
            },
            poke: (scaleSet) => this.listeners.poke(scaleSet),
        };
        this.listeners = new ListenerProcesses(this.ctx);
        // Writes from clients (over HTTP) wake the controllers, as watches wake a real controller.
        store.subscribe(() => {
            if (this.busy || this.scheduled || this.stopped)
                return;
            this.scheduled = true;
            setImmediate(() => {
                this.scheduled = false;
                if (!this.stopped)
                    this.reconcile();
            });
        });
    }
    get clock() {
        return this.ctx.clock;
    }
    get github() {
        return this.ctx.github;
    }
    guard(what, fn) {
        try {
            fn();
        }
        catch (error) {
            const message = `${what}: ${error.message}`;
            this.errors.push(message);
            this.ctx.log(`error: ${message}`);
        }
    }
    fresh(obj, type) {
        return this.store.peek(type, obj.metadata.namespace, obj.metadata.name);
    }
    /** One pass of every controller over every object. */
    pass() {
        const { ctx } = this;
        for (const ars of this.store.scan(types.ars)) {
            const cur = this.fresh(ars, types.ars);
            if (cur)
                this.guard(`reconcile ${context_keyOf(cur)}`, () => reconcileArs(ctx, cur));
        }
        const runnersByOwner = new Map();
        for (const er of this.store.scan(types.er)) {
            const owner = controllerOf(er);
            if (owner)
                runnersByOwner.set(owner, [...(runnersByOwner.get(owner) ?? []), er]);
        }
        for (const ers of this.store.scan(types.ers)) {
            const cur = this.fresh(ers, types.ers);
            if (cur)
                this.guard(`reconcile ${context_keyOf(cur)}`, () => reconcileErs(ctx, cur, runnersByOwner.get(cur.metadata.uid) ?? []));
        }
        for (const er of this.store.scan(types.er)) {
            const cur = this.fresh(er, types.er);
            if (cur)
                this.guard(`reconcile ${context_keyOf(cur)}`, () => reconcileEr(ctx, cur));
        }
        for (const al of this.store.scan(types.listener)) {
            const cur = this.fresh(al, types.listener);
            if (cur)
                this.guard(`reconcile ${context_keyOf(cur)}`, () => reconcileListener(ctx, cur, (a) => this.listeners.start(a)));
        }
        this.guard('dispatch jobs', () => dispatchJobs(ctx, this.listeners));
    }
    /** Runs controller passes at the current instant until nothing changes any more. */
    reconcile() {
        const wasBusy = this.busy;
        this.busy = true;
        try {
            for (let i = 0; i < 100; i++) {
                const before = this.store.resourceVersion;
                this.pass();
                if (this.store.resourceVersion === before)
                    break;
            }
        }
        finally {
            this.busy = wasBusy;
        }
    }
    /** Moves simulated time forward, firing timers in order and reconciling after each. */
    async advance(ms) {
        const clock = this.ctx.clock;
        const target = clock.nowMs() + Math.max(0, ms);
        this.reconcile();
        let steps = 0;
        for (;;) {
            const next = clock.nextDue(target);
            if (next === undefined)
                break;
            this.busy = true;
            try {
                clock.runDue(next);
            }
            finally {
                this.busy = false;
            }
            this.reconcile();
            // Let HTTP clients and watches run during long simulations.
            if (++steps % 100 === 0)
                await new Promise((r) => setImmediate(r));
        }
        clock.moveTo(target);
        this.reconcile();
    }
    /**
     * Advances until a whole listener poll passes with no write and no pending one-shot timer (pod
     * starts, job ends, requeues, scheduled faults), or until `maxMs` of simulated time.
     */
    async settle(maxMs = 30 * 60_000) {
        const clock = this.ctx.clock;
        const start = clock.nowMs();
        const deadline = start + maxMs;
        while (clock.nowMs() < deadline) {
            const rv = this.store.resourceVersion;
            await this.advance(Math.min(this.ctx.timings.listenerPollMs, deadline - clock.nowMs()));
            if (this.store.resourceVersion === rv && clock.pendingForeground === 0) {
                return { settled: true, elapsedMs: clock.nowMs() - start };
            }
        }
        return { settled: false, elapsedMs: clock.nowMs() - start };
    }
    /** Real-time mode (the demo): simulated time follows the wall clock, `speed` times faster. */
    startRealTime(speed = 1, tickMs = 100) {
        let last = Date.now();
        let running = false;
        this.realTimer = setInterval(() => {
            if (running)
                return;
            running = true;
            const now = Date.now();
            const elapsed = (now - last) * speed;
            last = now;
            void this.advance(elapsed).finally(() => {
                running = false;
            });
        }, tickMs);
    }
    stop() {
        this.stopped = true;
        if (this.realTimer)
            clearInterval(this.realTimer);
    }
    resolve(scaleSet) {
        const [namespace, name] = scaleSet.includes('/')
            ? scaleSet.split('/')
            : [this.options.runnersNamespace, scaleSet];
        return { namespace, name, key: `${namespace}/${name}` };
    }
    ars(scaleSet) {
        const { namespace, name } = this.resolve(scaleSet);
        const ars = this.store.peek(types.ars, namespace, name);
        if (!ars)
            throw new Error(`no AutoscalingRunnerSet ${namespace}/${name} in the simulated cluster`);
        return ars;
    }
    async addScaleSet(o) {
        const namespace = o.namespace ?? this.options.runnersNamespace;
        if (!this.store.peek(types.namespace, undefined, namespace)) {
            this.store.create(types.namespace, undefined, {
                apiVersion: 'v1',
                kind: 'Namespace',
                metadata: { name: namespace },
            });
        }
        const { ars, secret } = scaleSetObject({ ...o, namespace }, this.ctx.version.full);
        if (!this.store.peek(types.secret, namespace, secret.metadata.name))
            this.store.create(types.secret, namespace, secret);
        this.store.create(types.ars, namespace, ars);
        this.reconcile();
    }
    enqueueJob(o) {
        const { key } = this.resolve(o.scaleSet);
        const queue = () => {
            this.ctx.github.enqueue({
                scaleSet: key,
                repository: o.repository ?? 'tinyland/example',
                workflowRef: o.workflowRef ?? `${o.repository ?? 'tinyland/example'}/.github/workflows/ci.yml@refs/heads/main`,
                workflowRunId: 900_000 + this.ctx.github.jobs.length,
                displayName: o.displayName ?? 'build',
                durationMs: o.durationMs,
            });
            this.listeners.poke(key);
        };
        if (!o.at)
            queue();
        else
            this.ctx.clock.schedule(o.at, queue);
    }
    jobs(scaleSet) {
        if (!scaleSet)
            return [...this.ctx.github.jobs];
        return this.ctx.github.jobsOf(this.resolve(scaleSet).key);
    }
    /** Creates idle runners the controller never scales down (as in the reported leaks); a client delete removes them. */
    async leakIdleRunners(scaleSet, count) {
        const names = leakIdleRunners(this.ctx, this.ars(scaleSet), count);
        this.reconcile();
        return names;
    }
    /** Deletes the scale set's listener `times` times, every `everyMs` (the ARS controller recreates it). */
    churnListener(scaleSet, times, everyMs) {
        const { namespace, name } = this.resolve(scaleSet);
        churnListener(this.ctx, namespace, name, times, everyMs);
    }
    /** From now on the listener keeps its current min/max: it is not recreated on ARS spec changes. */
    stickListenerCaps(scaleSet) {
        stickListenerCaps(this.ctx, this.ars(scaleSet));
    }
    /** Runners created from now on exit with code 7 (outdated runner version): the 0.14 Outdated path. */
    runnerOutdated(scaleSet, on = true) {
        faultsFor(this.ctx, this.resolve(scaleSet).key).outdated = on;
    }
    /** Runner pods created from now on fail at start (exit 1): retried, then deleted after 5 failures. */
    runnerFails(scaleSet, on = true) {
        faultsFor(this.ctx, this.resolve(scaleSet).key).failing = on;
    }
    /** Jobs that start on this scale set's runners from now on never end. */
    runnerNeverFinishes(scaleSet) {
        faultsFor(this.ctx, this.resolve(scaleSet).key).neverFinishes = true;
    }
}


;// CONCATENATED MODULE: ./packages/testkit/src/arc/cluster.ts









/**
 * Timings for end-to-end runs on the real clock: the controller's waits shrunk to fractions of a
 * second, so a program that polls in real time (a bundle, the CLI, a CI job) sees a fleet settle fast.
 */
const FAST_REAL_TIME_TIMINGS = {
    podStartMs: 200,
    listenerStartMs: 100,
    listenerPollMs: 500,
    messageDelayMs: 50,
    requeueMs: 500,
};
/**
 * Starts the fake API server with the ARC controller simulator on it: namespaces, the controller
 * Deployment, a kubeconfig file (0600, in a private temp dir) and the simulator API.
 */
async function startSimulatedCluster(opts = {}) {
    const minor = opts.version ?? '0.14';
    const patch = opts.patch ?? DEFAULT_PATCH[minor];
    const strategy = opts.updateStrategy ?? 'immediate';
    const controllerNamespace = opts.controllerNamespace ?? 'arc-systems';
    const runnersNamespace = opts.runnersNamespace ?? 'arc-runners';
    const real = opts.clock === 'real';
    const clock = new SimClock(real ? new Date() : undefined);
    const random = seededRandom(opts.seed ?? 1);
    const store = new KubeStore({
        ...(opts.validateCrds !== undefined ? { validateCrds: opts.validateCrds } : {}),
        now: () => clock.now(),
        random,
        // The simulator's own writes must never carry a field the CRD does not know.
        fieldValidation: 'Strict',
    });
    const token = `sim-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`;
    const identities = (opts.rbac ?? []).map((r) => ({ ...r }));
    const server = new KubeApiServer({ store, adminToken: token, identities });
    const url = await server.start();
    const ns = resourceByKind('Namespace');
    for (const name of new Set(['default', 'kube-system', controllerNamespace, runnersNamespace])) {
        store.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    const version = `${minor}.${patch}`;
    installController(store, version, strategy, controllerNamespace);
    const sim = new ArcSimulator(store, {
        version: { minor, patch },
        strategy,
        controllerNamespace,
        runnersNamespace,
        clock,
        ...(opts.timings ? { timings: opts.timings } : {}),
    });
    if (real)
        sim.startRealTime(opts.speed ?? 1);
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'flywheel-sim-'));
    const kubeconfigPath = writeKubeconfig(dir, { server: url, token });
    const view = {
        raw: store,
        get: (kind, namespace, name) => store.tryGet(resourceByKind(kind), namespace, name),
        list: (kind, namespace) => store.list(resourceByKind(kind), namespace !== undefined ? { namespace } : {}),
    };
    return {
        url,
        token,
        kubeconfig: kubeconfigYaml({ server: url, token }),
        kubeconfigPath,
        server,
        store: view,
        sim,
        version,
        updateStrategy: strategy,
        controllerNamespace,
        runnersNamespace,
        clock: { now: () => clock.now(), advance: (ms) => sim.advance(ms) },
        arc: {
            addScaleSet: (o) => sim.addScaleSet(o),
            enqueueJob: (o) => sim.enqueueJob(o),
            settle: (maxMs) => sim.settle(maxMs),
            jobs: (scaleSet) => sim.jobs(scaleSet),
            leakIdleRunners: (scaleSet, count) => sim.leakIdleRunners(scaleSet, count),
            churnListener: (scaleSet, times, everyMs) => sim.churnListener(scaleSet, times, everyMs),
            stickListenerCaps: (scaleSet) => sim.stickListenerCaps(scaleSet),
            runnerNeverFinishes: (scaleSet) => sim.runnerNeverFinishes(scaleSet),
            runnerOutdated: (scaleSet, on) => sim.runnerOutdated(scaleSet, on),
            runnerFails: (scaleSet, on) => sim.runnerFails(scaleSet, on),
        },
        stop: async () => {
            sim.stop();
            await server.stop();
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        },
    };
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/demo-fleet.ts


const res = (cpu, memory, storage) => ({
    requests: { cpu, memory, ...(storage ? { 'ephemeral-storage': '1Gi' } : {}) },
    limits: { cpu, memory, ...(storage ? { 'ephemeral-storage': storage } : {}) },
});
/**
 * The platform's GitHub runner classes (reference platform.md): shared capability labels, the
 * overflow scale sets on `sting` publishing the same label, and the small operator/kvm/gpu lanes.
 */
const DEMO_SCALE_SETS = [
    {
        name: 'tinyland-nix',
        minRunners: 0,
        maxRunners: 16,
        labels: ['tinyland-nix'],
        resources: res('4', '8Gi'),
    },
    {
        name: 'tinyland-nix-sting',
        minRunners: 0,
        maxRunners: 8,
        labels: ['tinyland-nix'],
        resources: res('4', '8Gi'),
    },
    {
        name: 'tinyland-docker',
        minRunners: 0,
        maxRunners: 20,
        labels: ['tinyland-docker'],
        resources: res('2', '4Gi', '8Gi'),
    },
    {
        name: 'tinyland-dind',
        minRunners: 0,
        maxRunners: 20,
        labels: ['tinyland-dind'],
        resources: res('4', '8Gi', '40Gi'),
    },
    {
        name: 'tinyland-dind-sting',
        minRunners: 0,
        maxRunners: 16,
        labels: ['tinyland-dind'],
        resources: res('4', '8Gi', '40Gi'),
    },
    {
        name: 'tinyland-nix-heavy',
        minRunners: 0,
        maxRunners: 4,
        labels: ['tinyland-nix-heavy'],
        resources: res('8', '16Gi'),
    },
    { name: 'tinyland-nix-operator', minRunners: 0, maxRunners: 1, labels: ['tinyland-nix-operator'] },
    { name: 'tinyland-nix-kvm', minRunners: 0, maxRunners: 1, labels: ['tinyland-nix-kvm'] },
    { name: 'tinyland-nix-gpu', minRunners: 0, maxRunners: 1, labels: ['tinyland-nix-gpu'] },
];
/** A few minutes of work arriving: `at` and `durationMs` in simulated milliseconds. */
const DEMO_JOBS = [
    { scaleSet: 'tinyland-nix', repository: 'tinyland/flake', at: 5_000, durationMs: 6 * 60_000 },
    { scaleSet: 'tinyland-nix', repository: 'tinyland/flake', at: 20_000, durationMs: 4 * 60_000 },
    { scaleSet: 'tinyland-nix', repository: 'Jesssullivan/cmux', at: 45_000, durationMs: 8 * 60_000 },
    { scaleSet: 'tinyland-docker', repository: 'tinyland/site', at: 10_000, durationMs: 2 * 60_000 },
    { scaleSet: 'tinyland-docker', repository: 'tinyland/site', at: 70_000, durationMs: 3 * 60_000 },
    { scaleSet: 'tinyland-dind', repository: 'tinyland/images', at: 30_000, durationMs: 5 * 60_000 },
    { scaleSet: 'tinyland-nix-heavy', repository: 'tinyland/rust-core', at: 90_000, durationMs: 10 * 60_000 },
    { scaleSet: 'tinyland-nix-operator', repository: 'tinyland/platform', at: 120_000, durationMs: 4 * 60_000 },
];
/** Adds the demo fleet (and, unless `jobs: false`, its arriving jobs) to a running simulated cluster. */
async function populateDemoFleet(cluster, options = {}) {
    for (const scaleSet of DEMO_SCALE_SETS)
        await cluster.arc.addScaleSet(scaleSet);
    if (options.jobs === false)
        return;
    for (const job of DEMO_JOBS)
        cluster.arc.enqueueJob(job);
}
/** Starts a simulated cluster (real-time clock unless told otherwise) with the demo fleet on it. */
async function demoFleet(options = {}) {
    const { jobs, ...clusterOptions } = options;
    const cluster = await startSimulatedCluster({ clock: 'real', ...clusterOptions });
    await populateDemoFleet(cluster, jobs === undefined ? {} : { jobs });
    return cluster;
}
/** One row per scale set, as an operator wants fleet status at a glance. */
function fleetStatus(cluster) {
    const listeners = cluster.store.list('AutoscalingListener', cluster.controllerNamespace);
    return cluster.store.list('AutoscalingRunnerSet').map((ars) => {
        const spec = (ars.spec ?? {});
        const ns = ars.metadata.namespace;
        const name = ars.metadata.name;
        const runners = cluster.store
            .list('EphemeralRunner', ns)
            .filter((r) => r.metadata.labels?.[LABEL.scaleSetName] === name && !r.metadata.deletionTimestamp);
        const st = (r) => (r.status ?? {});
        const busy = runners.filter((r) => st(r).phase === 'Running' && st(r).jobRequestId).length;
        const running = runners.filter((r) => st(r).phase === 'Running').length;
        const al = listeners.find((l) => l.metadata.labels?.[LABEL.scaleSetName] === name &&
            l.metadata.labels?.[LABEL.scaleSetNamespace] === ns);
        const pod = al ? cluster.store.get('Pod', al.metadata.namespace, al.metadata.name) : undefined;
        return {
            scaleSet: name,
            namespace: ns,
            labels: spec.runnerScaleSetLabels ?? [name],
            minRunners: spec.minRunners ?? 0,
            maxRunners: spec.maxRunners ?? null,
            runners: runners.length,
            idle: running - busy,
            busy,
            pending: runners.filter((r) => (st(r).phase ?? 'Pending') === 'Pending').length,
            listener: !!al && !al.metadata.deletionTimestamp && pod?.status?.phase === 'Running',
            phase: String(ars.status?.phase ?? ''),
        };
    });
}
/** The rows as a fixed-width text table for a terminal. */
function formatFleetStatus(rows) {
    const header = ['scale set', 'min', 'max', 'runners', 'idle', 'busy', 'pending', 'listener'];
    const body = rows.map((r) => [
        r.scaleSet,
        String(r.minRunners),
        r.maxRunners === null ? '∞' : String(r.maxRunners),
        String(r.runners),
        String(r.idle),
        String(r.busy),
        String(r.pending),
        r.listener ? 'yes' : 'no',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [line(header), ...body.map(line)].join('\n');
}

;// CONCATENATED MODULE: ./packages/testkit/src/arc/index.ts









/***/ })

};
