import { Gauge, Registry } from 'prom-client';
import { type ArcMetricsState, configUrlLabels } from './scale-set-state';

/*
 * The controller's `gha_controller_*` gauges (controllers/actions.github.com/metrics/metrics.go at
 * gha-runner-scale-set-0.14.2), all labelled name, namespace, repository, organization, enterprise:
 * - pending / running / failed ephemeral runners per EphemeralRunnerSet, named by its scale-set
 *   labels (ephemeralrunnerset_controller.go): "pending" is a Pending phase or none yet; runners
 *   being deleted are not counted;
 * - `gha_controller_running_listeners`, named by the AutoscalingListener itself: 1 while its pod's
 *   container runs, 0 once it stopped (autoscalinglistener_controller.go publishRunningListener).
 * Published only when the chart sets `metrics.controllerManagerAddr`.
 */
export async function controllerExposition(state: ArcMetricsState): Promise<string> {
  const registry = new Registry();
  const labelNames = ['name', 'namespace', 'repository', 'organization', 'enterprise'] as const;
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers: [registry] });
  const pending = gauge('gha_controller_pending_ephemeral_runners', 'Ephemeral runners not yet running.');
  const running = gauge('gha_controller_running_ephemeral_runners', 'Ephemeral runners running.');
  const failed = gauge('gha_controller_failed_ephemeral_runners', 'Ephemeral runners that failed.');
  const listeners = gauge('gha_controller_running_listeners', 'Listeners running (1) or stopped (0).');
  for (const set of state.runnerSets()) {
    const [namespace = '', name = ''] = set.scaleSet.split('/');
    const labels = { name, namespace, ...configUrlLabels(set.githubConfigUrl) };
    const live = set.runners.filter((r) => !r.deleting);
    pending.set(labels, live.filter((r) => r.phase === '' || r.phase === 'Pending').length);
    running.set(labels, live.filter((r) => r.phase === 'Running').length);
    failed.set(labels, live.filter((r) => r.phase === 'Failed').length);
  }
  for (const l of state.listeners()) {
    listeners.set(
      { name: l.name, namespace: l.namespace, ...configUrlLabels(l.githubConfigUrl) },
      l.running ? 1 : 0,
    );
  }
  return registry.metrics();
}
