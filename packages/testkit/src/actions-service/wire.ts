import Ajv, { type ValidateFunction } from 'ajv';

/*
 * The Actions service's wire shapes as ARC's client decodes them: field names and JSON tags from
 * actions/scaleset v0.4.0 types.go and client.go (the client ARC 0.14.2 uses), which agree with
 * ARC 0.13.1 github/actions/types.go for every shape here. Every body the fake serves is checked
 * against these schemas, so the fake cannot drift from what the client reads.
 */

export interface Label {
  type: string;
  name: string;
}

export interface RunnerGroup {
  id: number;
  name: string;
  size: number;
  isDefaultGroup: boolean;
}

export interface ScaleSetStatistics {
  totalAvailableJobs: number;
  totalAcquiredJobs: number;
  totalAssignedJobs: number;
  totalRunningJobs: number;
  totalRegisteredRunners: number;
  totalBusyRunners: number;
  totalIdleRunners: number;
}

export interface RunnerScaleSet {
  id: number;
  name: string;
  runnerGroupId: number;
  runnerGroupName: string;
  labels: Label[];
  /** Capitalised on the wire: the Go struct's tag is `RunnerSetting`. */
  RunnerSetting: { disableUpdate?: boolean };
  createdOn: string;
  runnerJitConfigUrl: string;
  statistics: ScaleSetStatistics;
}

export interface RunnerReference {
  id: number;
  name: string;
  runnerScaleSetId: number;
}

const labelSchema = {
  type: 'object',
  required: ['type', 'name'],
  properties: { type: { type: 'string' }, name: { type: 'string', minLength: 1 } },
};

const statisticsSchema = {
  type: 'object',
  required: [
    'totalAvailableJobs',
    'totalAcquiredJobs',
    'totalAssignedJobs',
    'totalRunningJobs',
    'totalRegisteredRunners',
    'totalBusyRunners',
    'totalIdleRunners',
  ],
  additionalProperties: { type: 'integer', minimum: 0 },
};

const scaleSetSchema = {
  type: 'object',
  required: ['id', 'name', 'runnerGroupId', 'runnerGroupName', 'labels', 'RunnerSetting', 'createdOn'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 1 },
    runnerGroupId: { type: 'integer', minimum: 1 },
    runnerGroupName: { type: 'string' },
    labels: { type: 'array', items: labelSchema, minItems: 1 },
    RunnerSetting: { type: 'object', properties: { disableUpdate: { type: 'boolean' } } },
    createdOn: { type: 'string', format: 'date-time' },
    runnerJitConfigUrl: { type: 'string' },
    statistics: statisticsSchema,
  },
};

const runnerSchema = {
  type: 'object',
  required: ['id', 'name', 'runnerScaleSetId'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 1 },
    runnerScaleSetId: { type: 'integer', minimum: 1 },
  },
};

/** One schema per job message type: JobMessageBase's fields plus what that type adds (types.go). */
function jobMessageSchemas(): object[] {
  const time = { type: 'string', format: 'date-time' };
  const base = {
    runnerRequestId: { type: 'integer', minimum: 1 },
    jobId: { type: 'string', minLength: 1 },
    repositoryName: { type: 'string' },
    ownerName: { type: 'string' },
    jobWorkflowRef: { type: 'string' },
    jobDisplayName: { type: 'string' },
    workflowRunId: { type: 'integer' },
    eventName: { type: 'string' },
    requestLabels: { type: 'array', items: { type: 'string' } },
    queueTime: time,
    scaleSetAssignTime: time,
    runnerAssignTime: time,
    finishTime: time,
  };
  const runner = { runnerId: { type: 'integer', minimum: 1 }, runnerName: { type: 'string', minLength: 1 } };
  const of = (type: string, extra: Record<string, object>) => ({
    type: 'object',
    required: ['messageType', ...Object.keys(base), ...Object.keys(extra)],
    properties: { messageType: { const: type }, ...base, ...extra },
  });
  return [
    of('JobAvailable', { acquireJobUrl: { type: 'string', pattern: '^https?://' } }),
    of('JobAssigned', {}),
    of('JobStarted', runner),
    // A job cancelled before any runner took it completes with Go's zero runner (id 0, no name).
    of('JobCompleted', {
      runnerId: { type: 'integer', minimum: 0 },
      runnerName: { type: 'string' },
      result: { type: 'string', minLength: 1 },
    }),
  ];
}

/** `{count, value}`: the list envelope of every Actions service collection. */
const listOf = (items: object) => ({
  type: 'object',
  required: ['count', 'value'],
  properties: { count: { type: 'integer', minimum: 0 }, value: { type: 'array', items } },
});

const SCHEMAS = {
  /** actionsServiceAdminConnection: the tenant URL and the admin JWT (it must carry `exp`). */
  adminConnection: {
    type: 'object',
    required: ['url', 'token'],
    properties: {
      url: { type: 'string', minLength: 1 },
      token: { type: 'string', pattern: '^[^.]+\\.[^.]+\\.[^.]+$' },
    },
  },
  runnerGroupList: listOf({
    type: 'object',
    required: ['id', 'name', 'size', 'isDefaultGroup'],
    properties: { id: { type: 'integer' }, name: { type: 'string' }, isDefaultGroup: { type: 'boolean' } },
  }),
  scaleSet: scaleSetSchema,
  scaleSetList: listOf(scaleSetSchema),
  jitConfig: {
    type: 'object',
    required: ['runner', 'encodedJITConfig'],
    properties: { runner: runnerSchema, encodedJITConfig: { type: 'string', minLength: 1 } },
  },
  runner: runnerSchema,
  runnerList: listOf(runnerSchema),
  /** RunnerScaleSetSession: the listener polls messageQueueUrl with messageQueueAccessToken. */
  session: {
    type: 'object',
    required: [
      'sessionId',
      'ownerName',
      'runnerScaleSet',
      'messageQueueUrl',
      'messageQueueAccessToken',
      'statistics',
    ],
    properties: {
      sessionId: {
        type: 'string',
        pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      },
      ownerName: { type: 'string' },
      runnerScaleSet: scaleSetSchema,
      messageQueueUrl: { type: 'string', pattern: '^https?://' },
      messageQueueAccessToken: { type: 'string', minLength: 1 },
      statistics: statisticsSchema,
    },
  },
  /** runnerScaleSetMessageResponse: `body` is a JSON array of job messages, as a string. */
  message: {
    type: 'object',
    required: ['messageId', 'messageType', 'body', 'statistics'],
    properties: {
      messageId: { type: 'integer', minimum: 1 },
      messageType: { const: 'RunnerScaleSetJobMessages' },
      body: { type: 'string' },
      statistics: statisticsSchema,
    },
  },
  /** The job messages inside a message's body (JobMessageBase and each type's additions). */
  jobMessages: { type: 'array', items: { oneOf: jobMessageSchemas() } },
  /** acquireJobsResponse: the request ids the scale set got. */
  acquiredJobs: listOf({ type: 'integer', minimum: 1 }),
  /** actionsExceptionError: the client matches `typeName` against the exception it expects. */
  exception: {
    type: 'object',
    required: ['typeName', 'message'],
    properties: { typeName: { type: 'string', pattern: 'Exception$' }, message: { type: 'string' } },
  },
} as const;

export type WireShape = keyof typeof SCHEMAS;

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const validators = new Map<WireShape, ValidateFunction>();

/** The problems with `body` as the client would decode it as `shape`; empty when it conforms. */
export function wireErrors(shape: WireShape, body: unknown): string[] {
  let validate = validators.get(shape);
  if (!validate) {
    validate = ajv.compile(SCHEMAS[shape]);
    validators.set(shape, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${shape}: ${e.instancePath || '/'} ${e.message}`);
}
