import { toFlywheelError } from '@gloriousflywheel/shared';
import type { EngineDeps } from '../engine/deps';
import { assertAccess } from '../engine/preflight';
import { hasJobFields, isBusy } from '../engine/version';
import { statusOf } from '../kube/errors';
import type { AccessCheck, ClusterGateway } from '../kube/gateway';
import { ARC_GROUP, type Er, type KubeObject, type Listener, type Pod } from '../kube/types';
import { type AuditEntry, stateOf } from './audit-entry';
import type { Finding, ObjectRef, RepairAction } from './finding';
import { arsOfListener, type DoctorView } from './view';

type Verdict = { act: true } | { act: false; reason: string };

/** One kind of repair: the verb it needs, the re-check of a fresh read, the change itself. */
interface RepairKind {
  access(o: ObjectRef): AccessCheck;
  read(gw: ClusterGateway, o: ObjectRef): Promise<KubeObject | undefined>;
  /** Whether the object, as read just now, may still be repaired. */
  recheck(current: KubeObject, view: DoctorView, gw: ClusterGateway): Promise<Verdict>;
  /** The change, conditional on the resourceVersion just read (409 when it moved on since). */
  act(gw: ClusterGateway, o: ObjectRef, resourceVersion: string | undefined): Promise<unknown>;
}

const ns = (o: ObjectRef) => o.namespace ?? '';
const yes: Verdict = { act: true };
const no = (reason: string): Verdict => ({ act: false, reason });

/**
 * Runners are never touched while they hold or may hold a job: any job field counts, finished or
 * not (they are never cleared), because deleting a runner GitHub still gives a job makes its
 * deregistration loop for ever (RemoveRunner answers JobStillRunning, PR #4585).
 */
function notBusy(er: Er, view: DoctorView): Verdict {
  return isBusy(er, view.controller?.version) || hasJobFields(er) ? no('it holds a job now') : yes;
}

const KINDS: Record<RepairAction['type'], RepairKind> = {
  'delete-runner': {
    access: (o) => ({ verb: 'delete', group: ARC_GROUP, resource: 'ephemeralrunners', namespace: ns(o) }),
    read: (gw, o) => gw.get<Er>('EphemeralRunner', ns(o), o.name),
    recheck: async (er, view) =>
      (er as Er).status?.phase !== 'Failed' || er.metadata.deletionTimestamp
        ? no(`it is no longer a Failed runner (phase ${(er as Er).status?.phase ?? 'none'})`)
        : notBusy(er as Er, view),
    act: (gw, o, rv) => gw.delete('EphemeralRunner', ns(o), o.name, rv),
  },
  'release-finalizers': {
    access: (o) => ({ verb: 'patch', group: ARC_GROUP, resource: 'ephemeralrunners', namespace: ns(o) }),
    read: (gw, o) => gw.get<Er>('EphemeralRunner', ns(o), o.name),
    recheck: async (er, view, gw) => {
      if (!er.metadata.deletionTimestamp) return no('it is no longer being deleted');
      const busy = notBusy(er as Er, view);
      if (!busy.act) return busy;
      // The pod is read again too: a runner whose pod came back may be running something.
      if (await gw.getPod(er.metadata.namespace ?? '', er.metadata.name)) return no('its pod exists again');
      return yes;
    },
    act: (gw, o, rv) => gw.patch('EphemeralRunner', ns(o), o.name, { metadata: { finalizers: null } }, rv),
  },
  'delete-listener': {
    access: (o) => ({ verb: 'delete', group: ARC_GROUP, resource: 'autoscalinglisteners', namespace: ns(o) }),
    read: (gw, o) => gw.get<Listener>('AutoscalingListener', ns(o), o.name),
    recheck: async (al, view) => {
      if (al.metadata.deletionTimestamp) return no('it is already being deleted');
      const seen = view.listeners.find((l) => l.metadata.uid === al.metadata.uid);
      // A listener recreated under the same name, or re-pointed, is not the one the pass judged.
      if (!seen) return no('it was recreated since the pass');
      const wasFor = `${seen.spec?.autoscalingRunnerSetName}/${seen.spec?.ephemeralRunnerSetName}`;
      const isFor = `${(al as Listener).spec?.autoscalingRunnerSetName}/${(al as Listener).spec?.ephemeralRunnerSetName}`;
      return wasFor === isFor ? yes : no('its spec changed since the pass');
    },
    act: (gw, o, rv) => gw.delete('AutoscalingListener', ns(o), o.name, rv),
  },
  'delete-pod': {
    access: (o) => ({ verb: 'delete', group: '', resource: 'pods', namespace: ns(o) }),
    read: (gw, o) => gw.getPod(ns(o), o.name),
    recheck: async (pod) => {
      const phase = (pod as Pod).status?.phase;
      return phase === 'Succeeded' || phase === 'Failed' ? yes : no(`it is ${phase ?? 'without phase'} now`);
    },
    act: (gw, o, rv) => gw.deletePod(ns(o), o.name, rv),
  },
};

/** The verbs the planned repairs need, one per verb, resource and namespace. */
export function repairAccess(findings: Finding[]): AccessCheck[] {
  const checks = new Map<string, AccessCheck>();
  for (const f of findings) {
    if (!f.repair) continue;
    const c = KINDS[f.repair.type].access(f.repair.object);
    checks.set(`${c.verb} ${c.group} ${c.resource} ${c.namespace}`, c);
  }
  return [...checks.values()];
}

/** The scale set a repair would touch is held by a pause or by an apply run: hands off. */
function heldSet(f: Finding, view: DoctorView): string | undefined {
  let key = f.scaleSet;
  if (!key && f.repair?.type === 'delete-listener') {
    const al = view.listeners.find((l) => l.metadata.name === f.repair?.object.name);
    const ars = al && arsOfListener(view, al);
    key = ars ? `${ars.metadata.namespace}/${ars.metadata.name}` : undefined;
  }
  if (key && view.paused.has(key)) return `its scale set ${key} is paused`;
  if (key && view.frozen.has(key)) return `its scale set ${key} is frozen by an apply run`;
  return undefined;
}

export interface RepairOptions {
  dryRun: boolean;
  /** Who runs the repairs, for the audit trail (the CI actor and run). */
  by: string;
}

/**
 * Makes the repairs the findings plan, one by one. Every verb is checked first (nothing changes
 * when one is missing); each object is read again just before its repair and changed only if it
 * still qualifies, with its fresh resourceVersion as precondition. Under dry-run each is shown
 * and none made. Every planned repair leaves an audit entry, whatever its outcome.
 */
export async function runRepairs(
  deps: EngineDeps,
  view: DoctorView,
  findings: Finding[],
  options: RepairOptions,
): Promise<AuditEntry[]> {
  const planned = findings.filter((f): f is Finding & { repair: RepairAction } => !!f.repair);
  if (planned.length === 0) return [];
  if (!options.dryRun) await assertAccess(deps.gw, repairAccess(planned));
  const entries: AuditEntry[] = [];
  for (const f of planned) {
    const kind = KINDS[f.repair.type];
    const entry = (outcome: AuditEntry['outcome'], more: Partial<AuditEntry> = {}): AuditEntry => ({
      action: f.repair.type,
      object: f.repair.object,
      check: f.check,
      why: f.evidence,
      outcome,
      by: options.by,
      at: deps.clock.now().toISOString(),
      ...more,
    });
    const held = heldSet(f, view);
    if (held) {
      entries.push(entry('skipped', { reason: held }));
      continue;
    }
    try {
      const current = await kind.read(deps.gw, f.repair.object);
      if (!current) {
        entries.push(entry('skipped', { reason: 'it is gone already', before: stateOf(undefined) }));
        continue;
      }
      const before = stateOf(current);
      const verdict = await kind.recheck(current, view, deps.gw);
      if (!verdict.act) entries.push(entry('skipped', { reason: verdict.reason, before }));
      else if (options.dryRun) entries.push(entry('dry-run', { before }));
      else {
        await kind.act(deps.gw, f.repair.object, current.metadata.resourceVersion);
        entries.push(entry('done', { before, after: stateOf(await kind.read(deps.gw, f.repair.object)) }));
      }
    } catch (error) {
      const reason =
        statusOf(error) === 409
          ? 'it changed between the re-read and the change (409 Conflict): left alone'
          : toFlywheelError(error).message;
      entries.push(entry(statusOf(error) === 409 ? 'skipped' : 'failed', { reason }));
    }
  }
  for (const e of entries) {
    const what = `${e.action} ${e.object.kind} ${e.object.namespace ?? ''}/${e.object.name}`;
    if (e.outcome === 'failed') deps.log.warning(`repair failed: ${what}: ${e.reason}`);
    else deps.log.info(`repair ${e.outcome}: ${what}${e.reason ? ` (${e.reason})` : ''}`);
  }
  return entries;
}
