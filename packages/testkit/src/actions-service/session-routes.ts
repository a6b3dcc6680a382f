import { acquireJobs, announceAvailable } from './job-flow';
import type { ActionsCall, ActionsRoute } from './routes';
import { MessageSession } from './sessions';
import { ActionsException } from './state';

/** How the service answers a session request: it mints queue tokens and knows its queue URL. */
export interface SessionServices {
  issueQueueToken(scaleSetId: number): string;
  queueUrl(scaleSetId: number, sessionId: string): string;
  /** Where a JobAvailable message says the job can be acquired. */
  acquireJobUrl(scaleSetId: number): string;
}

const SESSIONS = /^\/_apis\/runtime\/runnerscalesets\/(\d+)\/sessions$/;
const SESSION = /^\/_apis\/runtime\/runnerscalesets\/(\d+)\/sessions\/([0-9a-f-]+)$/;

function wireSession(call: ActionsCall, services: SessionServices, session: MessageSession) {
  const record = call.state.scaleSet(session.scaleSetId);
  return {
    sessionId: session.sessionId,
    ownerName: session.ownerName,
    runnerScaleSet: call.state.wireScaleSet(record, call.base),
    messageQueueUrl: services.queueUrl(session.scaleSetId, session.sessionId),
    messageQueueAccessToken: session.queueToken,
    statistics: call.state.statistics(session.scaleSetId),
  };
}

function sessionOf(call: ActionsCall): MessageSession {
  const session = call.state.sessions.get(Number(call.match[1]));
  if (!session || session.sessionId !== call.match[2])
    throw new ActionsException(
      404,
      'TaskAgentSessionExpiredException',
      `Session ${call.match[2]} not found.`,
    );
  return session;
}

/**
 * The listener's routes on the Actions service: its message session (create 200, a second one
 * 409, refresh 200, delete 204) and acquiring jobs (scaleset v0.4.0 session_client.go).
 */
export function sessionRoutes(services: SessionServices): ActionsRoute[] {
  return [
    {
      method: 'POST',
      path: SESSIONS,
      handle: (call) => {
        const scaleSetId = Number(call.match[1]);
        call.state.scaleSet(scaleSetId);
        if (call.state.sessions.has(scaleSetId))
          throw new ActionsException(
            409,
            'TaskAgentSessionConflictException',
            `The scale set ${scaleSetId} already has an active session.`,
          );
        const owner = (call.body as { ownerName?: string } | null)?.ownerName ?? '';
        const session = new MessageSession(scaleSetId, owner, services.issueQueueToken(scaleSetId));
        call.state.sessions.set(scaleSetId, session);
        announceAvailable(call.state, scaleSetId, services.acquireJobUrl(scaleSetId));
        return { status: 200, shape: 'session', body: wireSession(call, services, session) };
      },
    },
    {
      // RefreshMessageSession: a fresh queue token after the old one expired.
      method: 'PATCH',
      path: SESSION,
      handle: (call) => {
        const session = sessionOf(call);
        session.queueToken = services.issueQueueToken(session.scaleSetId);
        return { status: 200, shape: 'session', body: wireSession(call, services, session) };
      },
    },
    {
      method: 'DELETE',
      path: SESSION,
      handle: (call) => {
        const session = sessionOf(call);
        session.close();
        call.state.sessions.delete(session.scaleSetId);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: /^\/_apis\/runtime\/runnerscalesets\/(\d+)\/acquirejobs$/,
      handle: (call) => {
        const scaleSetId = Number(call.match[1]);
        const ids = Array.isArray(call.body) ? call.body.filter((n): n is number => Number.isInteger(n)) : [];
        const acquired = acquireJobs(call.state, scaleSetId, ids, services.acquireJobUrl(scaleSetId));
        return { status: 200, shape: 'acquiredJobs', body: { count: acquired.length, value: acquired } };
      },
    },
  ];
}
