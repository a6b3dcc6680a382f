import { HOUR_MS, SLOTS, slotOf } from './calendar';
import { EventQueue } from './event-queue';

/**
 * ARC's scaling as the planner models it (gha-runner-scale-set 0.14.2; the same in 0.12/0.13):
 *
 * - A job is acquired only by a running listener, on the batch that handles its JobAvailable
 *   message, while fewer than maxRunners jobs are assigned (scaleset listener/listener.go
 *   acquireAvailableJobs; GetMessage passes maxRunners as capacity). GitHub then gives an acquired
 *   job to an idle runner of the set.
 * - On every batch the listener asks for `min(minRunners + assigned, maxRunners)` runners
 *   (cmd/ghalistener/scaler/scaler.go setDesiredWorkerState): minRunners are warm runners on top of
 *   the busy ones, so a job that takes a warm runner raises the target and a cold runner replaces it.
 *   The patchID is 0 ("forced") on the first batch of a listener and on a batch with no event whose
 *   target equals the last one and minRunners; otherwise it counts up.
 * - The runner set (controllers/actions.github.com/ephemeralrunnerset_controller.go, Reconcile)
 *   acts only when patchID is 0 or differs from the newest patch a runner was created at: it
 *   creates runners up to `replicas`, and removes idle ones (not busy, pending first) only at
 *   patchID 0. A finished runner exits and is deleted at once, so between a job's end and the
 *   listener's next batch the set may create a runner it does not need; it idles until a quiet batch.
 * - Any change of the ARS spec, minRunners included, deletes and recreates the listener
 *   (controllers/actions.github.com/autoscalingrunnerset_controller.go, ListenerSpecHash covers the
 *   whole spec): for `listenerGapMs` no job is acquired and nothing scales.
 * - Messages (job available, started, completed) are handled `pickupMs` after they happen; an
 *   empty batch comes every `pollMs` (the long poll).
 */
export interface ArcTimings {
  pickupMs: number;
  listenerGapMs: number;
  pollMs: number;
}

/** The defaults match the replay's simulator timings (testkit REPLAY_TIMINGS). */
export const DEFAULT_ARC_TIMINGS: ArcTimings = { pickupMs: 6_000, listenerGapMs: 10_000, pollMs: 50_000 };

export interface ModelJob {
  createdAt: number;
  durationMs: number;
}

export interface ModelRun {
  /** Sorted by createdAt, all inside [from, to). */
  jobs: readonly ModelJob[];
  from: number;
  to: number;
  maxRunners: number;
  /** minRunners in force at `from`, then each change (sorted). */
  initial: number;
  changes: readonly { at: number; value: number }[];
  coldStartMs: () => number;
  timings: ArcTimings;
}

export interface ModelResult {
  /** Per job (same order), ms from created to started; NaN when it never started. */
  waits: Float64Array;
  /** Idle runner-ms per hour of the week, summed over the weeks of the run. */
  idleMsBySlot: Float64Array;
  idleMs: number;
  runnersCreated: number;
  /** Runners created per hour of the week: each one a cold start. */
  createdBySlot: Float64Array;
  listenerRecreations: number;
}

interface Runner {
  patchId: number;
  /** 0 starting, 1 idle, 2 busy, 3 gone. */
  state: number;
}

const PASS = 1;
const READY = 2;
const END = 3;
const CHANGE = 4;
const UP = 5;
const POLL = 6;
const MAX_INT32 = 2147483647;

/** Runs the model over one trace and one schedule; deterministic for a deterministic cold-start draw. */
export function runArcModel(run: ModelRun): ModelResult {
  const { jobs, from, to, timings } = run;
  const M = run.maxRunners;
  const q = new EventQueue();
  const waits = new Float64Array(jobs.length).fill(Number.NaN);
  const idleBySlot = new Float64Array(SLOTS);
  const result: ModelResult = {
    waits,
    idleMsBySlot: idleBySlot,
    idleMs: 0,
    runnersCreated: 0,
    createdBySlot: new Float64Array(SLOTS),
    listenerRecreations: 0,
  };

  // Runners.
  let nStarting = 0;
  let nIdle = 0;
  let nBusy = 0;
  const idle: Runner[] = [];
  let startingList: Runner[] = [];
  const patchCount = new Map<number, number>();
  // Jobs: not yet acquired, acquired and waiting for a runner.
  const queued: number[] = [];
  let queuedHead = 0;
  const waiting: number[] = [];
  let waitingHead = 0;
  // Listener and runner set.
  let specMin = Math.min(run.initial, M);
  let m = specMin;
  let listenerUp = true;
  let epoch = 0;
  let upAt = from;
  let seq = 100;
  let lastTarget = m;
  let dirty = false;
  let pendingPass = false;
  let pollScheduled = false;
  let lastMessageAt = Number.NEGATIVE_INFINITY;
  let lastPassAt = from;
  let ersReplicas = m;
  let ersPatchId = 0;
  let last = from;

  function accrue(t: number) {
    const a0 = Math.max(last, from);
    const b = Math.min(t, to);
    if (nIdle > 0 && b > a0) {
      let a = a0;
      while (a < b) {
        const end = Math.min(b, Math.floor(a / HOUR_MS) * HOUR_MS + HOUR_MS);
        idleBySlot[slotOf(a)]! += nIdle * (end - a);
        a = end;
      }
      result.idleMs += nIdle * (b - a0);
    }
    if (t > last) last = t;
  }
  // The newest patch a live runner was created at, kept as runners come and go (rescanned only when
  // the last runner of the newest patch goes).
  let newestPatch = -1;
  function addPatch(id: number, d: number) {
    const n = (patchCount.get(id) ?? 0) + d;
    if (n > 0) {
      patchCount.set(id, n);
      if (id > newestPatch) newestPatch = id;
    } else {
      patchCount.delete(id);
      if (id === newestPatch) {
        newestPatch = -1;
        for (const live of patchCount.keys()) if (live > newestPatch) newestPatch = live;
      }
    }
  }
  function create(n: number, t: number) {
    for (let i = 0; i < n; i++) {
      const r: Runner = { patchId: ersPatchId, state: 0 };
      nStarting++;
      addPatch(r.patchId, 1);
      // Runners that came up stay in the list until it is compacted.
      if (startingList.length > 2 * nStarting + 16) startingList = startingList.filter((x) => x.state === 0);
      startingList.push(r);
      if (t >= from && t < to) {
        result.runnersCreated++;
        result.createdBySlot[slotOf(t)]!++;
      }
      q.push(t + run.coldStartMs(), READY, 0, r);
    }
  }
  function deleteIdle(n: number, t: number) {
    accrue(t);
    let left = n;
    for (const r of startingList) {
      if (left === 0) break;
      if (r.state !== 0) continue;
      r.state = 3;
      nStarting--;
      addPatch(r.patchId, -1);
      left--;
    }
    startingList = startingList.filter((r) => r.state === 0);
    while (left > 0 && idle.length > 0) {
      const r = idle.pop()!;
      r.state = 3;
      nIdle--;
      addPatch(r.patchId, -1);
      left--;
    }
  }
  function ersReconcile(t: number) {
    if (ersPatchId !== 0 && ersPatchId === newestPatch) return;
    const total = nStarting + nIdle + nBusy;
    if (total < ersReplicas) create(ersReplicas - total, t);
    else if (ersPatchId === 0 && total > ersReplicas) deleteIdle(total - ersReplicas, t);
  }
  function message(t: number) {
    if (!listenerUp) return;
    lastMessageAt = t;
    dirty = true;
    if (!pendingPass) {
      pendingPass = true;
      q.push(t + timings.pickupMs, PASS, epoch);
    }
  }
  function dispatch(t: number) {
    while (waitingHead < waiting.length && idle.length > 0) {
      accrue(t);
      const r = idle.pop()!;
      r.state = 2;
      nIdle--;
      nBusy++;
      const job = waiting[waitingHead++]!;
      waits[job] = t - jobs[job]!.createdAt;
      q.push(t + jobs[job]!.durationMs, END, job, r);
      message(t);
    }
  }
  function schedulePoll(t: number) {
    if (!listenerUp || pollScheduled) return;
    const excess = nStarting + nIdle + nBusy > ersReplicas;
    const acquirable = queuedHead < queued.length && waiting.length - waitingHead + nBusy < M;
    if (!excess && !acquirable) return;
    pollScheduled = true;
    const k = Math.floor((t - upAt) / timings.pollMs) + 1;
    q.push(upAt + k * timings.pollMs, POLL, epoch);
  }
  function pass(t: number) {
    let acquired = false;
    while (queuedHead < queued.length && waiting.length - waitingHead + nBusy < M) {
      waiting.push(queued[queuedHead++]!);
      acquired = true;
    }
    if (acquired) dirty = true;
    const count = waiting.length - waitingHead + nBusy;
    const target = Math.min(m + count, M);
    if (seq === MAX_INT32) seq = 0;
    seq++;
    const pid = !dirty && target === lastTarget && target === m ? 0 : seq;
    lastTarget = target;
    dirty = false;
    lastPassAt = t;
    ersReplicas = target;
    ersPatchId = pid;
    ersReconcile(t);
    dispatch(t);
    schedulePoll(t);
  }

  // The warm pool in force at `from` is up and settled.
  for (let i = 0; i < m; i++) {
    const r: Runner = { patchId: 0, state: 1 };
    addPatch(0, 1);
    idle.push(r);
    nIdle++;
  }
  for (const c of run.changes) if (c.at > from && c.at < to) q.push(c.at, CHANGE, Math.min(c.value, M));

  let nextJob = 0;
  let started = 0;
  for (;;) {
    const tq = q.peekTime();
    const tj = nextJob < jobs.length ? jobs[nextJob]!.createdAt : Number.POSITIVE_INFINITY;
    if (tq === Number.POSITIVE_INFINITY && tj === Number.POSITIVE_INFINITY) break;
    if (tj <= tq) {
      queued.push(nextJob++);
      message(tj);
      continue;
    }
    q.pop();
    const t = q.t;
    const a = q.a;
    switch (q.kind) {
      case PASS:
        if (a === epoch && listenerUp) {
          pendingPass = false;
          pass(t);
        }
        break;
      case POLL:
        if (a === epoch && listenerUp) {
          pollScheduled = false;
          // Polls not simulated since the last one would each have cleared `dirty`.
          dirty = lastMessageAt > Math.max(lastPassAt, t - timings.pollMs);
          pass(t);
        }
        break;
      case READY: {
        const r = q.ref as Runner;
        if (r.state !== 0) break;
        accrue(t);
        r.state = 1;
        nStarting--;
        nIdle++;
        idle.push(r);
        dispatch(t);
        break;
      }
      case END: {
        const r = q.ref as Runner;
        r.state = 3;
        nBusy--;
        addPatch(r.patchId, -1);
        started++;
        ersReconcile(t);
        message(t);
        schedulePoll(t);
        break;
      }
      case CHANGE:
        if (a === specMin) break;
        specMin = a;
        listenerUp = false;
        epoch++;
        pendingPass = false;
        pollScheduled = false;
        result.listenerRecreations++;
        q.push(t + timings.listenerGapMs, UP, epoch);
        break;
      case UP:
        if (a !== epoch) break;
        listenerUp = true;
        m = specMin;
        upAt = t;
        seq = -1;
        lastTarget = -1;
        dirty = false;
        pass(t);
        break;
    }
    // Once every job has run and the window is over, nothing more is measured.
    if (started === jobs.length && nextJob === jobs.length && t >= to) break;
  }
  accrue(to);
  return result;
}
