import { ActionsException, type ActionsServiceState, wireRunner } from './state';
import type { Label, WireShape } from './wire';

export interface ActionsCall {
  state: ActionsServiceState;
  query: URLSearchParams;
  match: RegExpExecArray;
  body: unknown;
  /** The tenant URL the served objects link to. */
  base: string;
}

export interface ActionsAnswer {
  status: number;
  /** The shape the body is validated against; none for an empty answer. */
  shape?: WireShape;
  body?: unknown;
}

export interface ActionsRoute {
  method: string;
  /** Matched against the path under the tenant, without trailing slashes. */
  path: RegExp;
  handle(call: ActionsCall): ActionsAnswer;
}

const SCALE_SETS = '/_apis/runtime/runnerscalesets';
const RUNNERS = '/_apis/distributedtask/pools/0/agents';

const ok = (shape: WireShape, body: unknown): ActionsAnswer => ({ status: 200, shape, body });
const list = <T>(shape: WireShape, items: T[]): ActionsAnswer =>
  ok(shape, { count: items.length, value: items });
const idOf = (match: RegExpExecArray): number => Number(match[1]);

/** The scale-set fields a create or update request carries (the client's RunnerScaleSet, omitempty). */
interface ScaleSetInput {
  name?: string;
  runnerGroupId?: number;
  labels?: Label[];
  RunnerSetting?: { disableUpdate?: boolean };
}

function scaleSetInput(body: unknown): ScaleSetInput {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ActionsException(400, 'ArgumentException', 'A runner scale set object is required.');
  return body as ScaleSetInput;
}

/**
 * The Actions service routes ARC's controller uses, with the status codes its client expects:
 * 200 for reads, creates and updates, 204 for deletes (scaleset v0.4.0 client.go; the same in ARC
 * 0.13.1 github/actions/client.go).
 */
export function actionsRoutes(): ActionsRoute[] {
  return [
    {
      // GetRunnerGroupByName: count 0 is "no runner group found".
      method: 'GET',
      path: /^\/_apis\/runtime\/runnergroups$/,
      handle: ({ state, query }) => {
        const group = state.runnerGroupByName(query.get('groupName') ?? '');
        return list('runnerGroupList', group ? [group] : []);
      },
    },
    {
      // GetRunnerScaleSet: by runner group and name; count 0 means none.
      method: 'GET',
      path: new RegExp(`^${SCALE_SETS}$`),
      handle: ({ state, query, base }) => {
        const found = state.scaleSetByName(Number(query.get('runnerGroupId')), query.get('name') ?? '');
        return list('scaleSetList', found ? [state.wireScaleSet(found, base)] : []);
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${SCALE_SETS}$`),
      handle: ({ state, body, base }) => {
        const input = scaleSetInput(body);
        if (!input.name)
          throw new ActionsException(400, 'ArgumentException', 'The runner scale set needs a name.');
        const created = state.createScaleSet({
          name: input.name,
          runnerGroupId: input.runnerGroupId ?? 1,
          labels: input.labels?.length ? input.labels : [{ type: 'System', name: input.name }],
          disableUpdate: input.RunnerSetting?.disableUpdate ?? false,
        });
        return ok('scaleSet', state.wireScaleSet(created, base));
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${SCALE_SETS}/(\\d+)$`),
      handle: ({ state, match, base }) =>
        ok('scaleSet', state.wireScaleSet(state.scaleSet(idOf(match)), base)),
    },
    {
      // UpdateRunnerScaleSet: the fields the request carries replace the stored ones.
      method: 'PATCH',
      path: new RegExp(`^${SCALE_SETS}/(\\d+)$`),
      handle: ({ state, match, body, base }) => {
        const record = state.scaleSet(idOf(match));
        const input = scaleSetInput(body);
        if (input.name) record.name = input.name;
        if (input.runnerGroupId) record.runnerGroupId = input.runnerGroupId;
        if (input.labels?.length) record.labels = input.labels;
        if (input.RunnerSetting) record.disableUpdate = input.RunnerSetting.disableUpdate ?? false;
        return ok('scaleSet', state.wireScaleSet(record, base));
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${SCALE_SETS}/(\\d+)$`),
      handle: ({ state, match }) => {
        state.deleteScaleSet(idOf(match));
        return { status: 204 };
      },
    },
    {
      // GenerateJitRunnerConfig: registers the runner; its config is opaque to ARC (stored in the secret).
      method: 'POST',
      path: new RegExp(`^${SCALE_SETS}/(\\d+)/generatejitconfig$`),
      handle: ({ state, match, body, base }) => {
        const name = (body as { name?: string } | null)?.name;
        if (!name) throw new ActionsException(400, 'ArgumentException', 'The runner needs a name.');
        const runner = state.registerRunner(idOf(match), name);
        const config = {
          runnerId: runner.id,
          runnerName: runner.name,
          scaleSetId: runner.scaleSetId,
          serviceUrl: base,
        };
        return ok('jitConfig', {
          runner: wireRunner(runner),
          encodedJITConfig: Buffer.from(JSON.stringify(config)).toString('base64'),
        });
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${RUNNERS}/(\\d+)$`),
      handle: ({ state, match }) => ok('runner', wireRunner(state.runner(idOf(match)))),
    },
    {
      // GetRunnerByName: count 0 means none.
      method: 'GET',
      path: new RegExp(`^${RUNNERS}$`),
      handle: ({ state, query }) => {
        const runner = state.runnerByName(query.get('agentName') ?? '');
        return list('runnerList', runner ? [wireRunner(runner)] : []);
      },
    },
    {
      // RemoveRunner: 204, or 400 JobStillRunningException while its job runs.
      method: 'DELETE',
      path: new RegExp(`^${RUNNERS}/(\\d+)$`),
      handle: ({ state, match }) => {
        state.removeRunner(idOf(match));
        return { status: 204 };
      },
    },
  ];
}
