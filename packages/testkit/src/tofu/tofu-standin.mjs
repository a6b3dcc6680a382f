#!/usr/bin/env node
/**
 * A stand-in for the `tofu` command, for tests on the simulated cluster. It implements
 * `plan -out=FILE [-var-file=F…] [-var NAME=VALUE…] [-target=ADDR…] [-destroy]`, `show -json FILE`
 * (the documented plan representation) and `apply FILE`, for two resource shapes:
 * - a map of runner sets in the tfvars (as `extra_runner_sets`) becomes
 *   `kubernetes_manifest.runner_set["<name>"]` AutoscalingRunnerSet objects;
 * - a controller version variable (`arc_controller_version`) becomes `helm_release.arc_controller`,
 *   the gha-runner-scale-set-controller chart as release `arc`: its Deployment (and, on install,
 *   the chart's CRDs that are missing).
 * State is the cluster itself: what exists there is what the plan starts from. The cluster is
 * reached through KUBECONFIG (server + bearer token). Knobs live in `tofu-standin.json` in the
 * working directory (StandinConfig in index.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { CONTROLLER_DEPLOYMENT, controllerDeployment } from '../arc/controller-manifest.mjs';

const VERSION_LABEL = 'app.kubernetes.io/version';
const args = process.argv.slice(2);
const command = args[0];

function fail(message, code = 1) {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
}

function config() {
  const file = 'tofu-standin.json';
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

function flagValue(name) {
  for (let i = 1; i < args.length; i++) {
    if (args[i] === `-${name}`) return args[i + 1];
    if (args[i].startsWith(`-${name}=`)) return args[i].slice(name.length + 2);
  }
  return undefined;
}

function flagValues(name) {
  const out = [];
  for (let i = 1; i < args.length; i++) {
    if (args[i] === `-${name}`) out.push(args[i + 1]);
    else if (args[i].startsWith(`-${name}=`)) out.push(args[i].slice(name.length + 2));
  }
  return out;
}

/** Flags whose value may follow as the next argument. */
const VALUED = ['-out', '-var-file', '-var', '-target'];

function positional() {
  return args.slice(1).filter((a, i, all) => !a.startsWith('-') && !VALUED.includes(all[i - 1]));
}

function kube() {
  const path = process.env.KUBECONFIG;
  if (!path) fail('KUBECONFIG is not set');
  const kc = parseYaml(readFileSync(path.split(':')[0], 'utf8'));
  const ctxName = kc['current-context'];
  const ctx = (kc.contexts ?? []).find((c) => c.name === ctxName)?.context ?? kc.contexts?.[0]?.context ?? {};
  const cluster = (kc.clusters ?? []).find((c) => c.name === ctx.cluster)?.cluster ?? kc.clusters[0].cluster;
  const user = (kc.users ?? []).find((u) => u.name === ctx.user)?.user ?? kc.users?.[0]?.user ?? {};
  return { server: cluster.server.replace(/\/$/, ''), token: user.token };
}

async function api(method, path, body, contentType = 'application/json') {
  const { server, token } = kube();
  const res = await fetch(`${server}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': contentType } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok && !(method === 'GET' && res.status === 404))
    fail(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return res.status === 404 ? undefined : JSON.parse(text || 'null');
}

const arsPath = (ns, name) =>
  `/apis/actions.github.com/v1alpha1/namespaces/${ns}/autoscalingrunnersets${name ? `/${name}` : ''}`;

/**
 * The variables of every -var-file, later files winning, then every `-var NAME=VALUE` (a string,
 * as tofu reads an unquoted -var value for a string variable). Runner-set maps merge across files.
 */
async function readVariables(files, setsVariable) {
  const vars = {};
  const sets = {};
  for (const file of files) {
    const doc = await parseHcl(file, readFileSync(file, 'utf8'));
    for (const [name, value] of Object.entries(doc)) {
      if (setsVariable ? name === setsVariable : name.endsWith('runner_sets')) Object.assign(sets, value);
      else vars[name] = value;
    }
  }
  for (const kv of flagValues('var')) {
    const at = kv.indexOf('=');
    if (at < 1) fail(`-var needs NAME=VALUE, got "${kv}"`);
    vars[kv.slice(0, at)] = kv.slice(at + 1);
  }
  return { vars, sets };
}

/** tofu's -target: an exact address, or a resource address without index for all its instances. */
function targeted(address, targets) {
  if (targets.length === 0) return true;
  return targets.some((t) => address === t || (!t.endsWith(']') && address.startsWith(`${t}[`)));
}

const CONTROLLER_ADDRESS = 'helm_release.arc_controller';
const deploymentsPath = (ns, name) => `/apis/apps/v1/namespaces/${ns}/deployments${name ? `/${name}` : ''}`;
const crdPath = (name) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions${name ? `/${name}` : ''}`;

function release(ns, version) {
  return { name: 'arc', namespace: ns, chart: 'gha-runner-scale-set-controller', version };
}

/** The controller's Helm release, its state read from the Deployment the chart installs. */
async function controllerChange(cfg, version) {
  const ns = cfg.controllerNamespace ?? 'arc-systems';
  const current = await api('GET', deploymentsPath(ns, CONTROLLER_DEPLOYMENT));
  const before = current ? release(ns, current.metadata?.labels?.[VERSION_LABEL] ?? null) : null;
  const after = release(ns, version);
  return {
    address: CONTROLLER_ADDRESS,
    mode: 'managed',
    type: 'helm_release',
    name: 'arc_controller',
    provider_name: 'registry.opentofu.org/hashicorp/helm',
    change: {
      actions: !before ? ['create'] : before.version === version ? ['no-op'] : ['update'],
      before,
      after,
    },
  };
}

/** `-destroy`: what exists is deleted, what does not is not in the plan. */
function destroyed(change) {
  if (!change.change.before) return undefined;
  return { ...change, change: { actions: ['delete'], before: change.change.before, after: null } };
}

/**
 * What the gha-runner-scale-set chart renders beyond the tfvars, for a set tofu creates (a set it
 * updates keeps what it has): its labels, the config secret `<name>-gha-rs-github-secret` (the
 * chart's default name; the stand-in does not create the secret), runner group and runner container.
 */
function chartBase(ns, name, v) {
  return {
    metadata: {
      labels: {
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/part-of': 'gha-rs',
        'app.kubernetes.io/component': 'autoscaling-runner-set',
        'actions.github.com/scale-set-name': name,
        'actions.github.com/scale-set-namespace': ns,
      },
    },
    spec: {
      githubConfigUrl: 'https://github.com/tinyland',
      githubConfigSecret: v.github_config_secret ?? `${name}-gha-rs-github-secret`,
      runnerGroup: 'default',
      runnerScaleSetName: name,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'runner',
              image: 'ghcr.io/actions/actions-runner:latest',
              command: ['/home/runner/run.sh'],
            },
          ],
        },
      },
    },
  };
}

function manifest(ns, name, v, existing, versionLabel) {
  const current = existing ?? chartBase(ns, name, v);
  const labels = { ...(current?.metadata?.labels ?? {}) };
  if (versionLabel !== undefined) {
    if (versionLabel === null) delete labels[VERSION_LABEL];
    else labels[VERSION_LABEL] = versionLabel;
  }
  const spec = { ...(current?.spec ?? {}) };
  if (v.min_runners !== undefined) spec.minRunners = v.min_runners;
  if (v.max_runners !== undefined) spec.maxRunners = v.max_runners;
  if (v.labels) spec.runnerScaleSetLabels = v.labels;
  if (v.github_config_url) spec.githubConfigUrl = v.github_config_url;
  if (v.runner_group) spec.runnerGroup = v.runner_group;
  if (v.image) spec.template = { spec: { containers: [{ name: 'runner', image: v.image }] } };
  return {
    apiVersion: 'actions.github.com/v1alpha1',
    kind: 'AutoscalingRunnerSet',
    metadata: { name, namespace: ns, labels },
    spec,
  };
}

function strip(obj) {
  if (!obj) return null;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      labels: obj.metadata.labels ?? {},
    },
    spec: obj.spec,
  };
}

async function plan() {
  const out = flagValue('out');
  if (!out) fail('plan needs -out=FILE');
  const cfg = config();
  const ns = cfg.namespace ?? 'arc-runners';
  const { vars, sets } = await readVariables(flagValues('var-file'), cfg.variable);
  const controllerVersion = vars[cfg.controllerVariable ?? 'arc_controller_version'];
  // The sets' version label follows the controller's version, as the platform's stack passes it.
  const versionLabel =
    cfg.versionLabel !== undefined
      ? cfg.versionLabel
      : controllerVersion !== undefined
        ? String(controllerVersion)
        : undefined;
  let changes = [];
  // First: the platform's runner sets depend_on the controller release, so tofu applies it first.
  if (controllerVersion !== undefined) changes.push(await controllerChange(cfg, String(controllerVersion)));
  for (const [name, v] of Object.entries(sets)) {
    const current = await api('GET', arsPath(ns, name));
    const after = manifest(ns, name, v, current, versionLabel);
    const before = strip(current);
    const same =
      before &&
      JSON.stringify(before.spec) === JSON.stringify(after.spec) &&
      JSON.stringify(before.metadata.labels) === JSON.stringify(after.metadata.labels);
    changes.push({
      address: `kubernetes_manifest.runner_set["${name}"]`,
      mode: 'managed',
      type: 'kubernetes_manifest',
      name: 'runner_set',
      index: name,
      provider_name: 'registry.opentofu.org/hashicorp/kubernetes',
      change: {
        actions: !before ? ['create'] : same ? ['no-op'] : ['update'],
        before: before ? { manifest: before } : null,
        after: { manifest: after },
      },
    });
  }
  const targets = flagValues('target');
  changes = changes.filter((c) => targeted(c.address, targets));
  if (args.includes('-destroy')) changes = changes.map(destroyed).filter(Boolean);
  for (const extra of cfg.extraChanges ?? []) changes.push(extra);
  writeFileSync(
    out,
    JSON.stringify({
      standin: 1,
      created: new Date().toISOString(),
      namespace: ns,
      resource_changes: changes,
    }),
  );
  const counts = (a) => changes.filter((c) => c.change.actions.includes(a)).length;
  process.stdout.write(
    `Plan: ${counts('create')} to add, ${counts('update')} to change, ${counts('delete')} to destroy.\n`,
  );
}

function readPlan(file) {
  if (!file || !existsSync(file)) fail(`no plan file ${file}`);
  const p = JSON.parse(readFileSync(file, 'utf8'));
  if (p.standin !== 1) fail(`${file} is not a plan file`);
  return p;
}

function show() {
  if (!args.includes('-json')) fail('only show -json is implemented');
  const p = readPlan(positional()[0]);
  process.stdout.write(
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.8.0-standin',
      timestamp: p.created,
      planned_values: {},
      resource_changes: p.resource_changes,
    }),
  );
}

/** Helm installs a chart's crds/ only when they are missing, and never upgrades or deletes them. */
async function installMissingCrds(dir) {
  if (!dir) return;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()) {
    const crd = parseYaml(readFileSync(join(dir, file), 'utf8'));
    if (await api('GET', crdPath(crd.metadata.name))) continue;
    const { status: _ignored, ...body } = crd;
    await api('POST', crdPath(), body);
    process.stdout.write(`${CONTROLLER_ADDRESS}: CRD ${crd.metadata.name} installed\n`);
  }
}

/** helm install / upgrade / uninstall of the controller chart, as far as the simulator sees it. */
async function applyController(cfg, c) {
  const a = c.change.actions;
  const ns = (c.change.after ?? c.change.before).namespace;
  if (a.includes('delete')) {
    await api('DELETE', deploymentsPath(ns, CONTROLLER_DEPLOYMENT));
    return;
  }
  const deployment = controllerDeployment(c.change.after.version, cfg.updateStrategy ?? 'immediate', ns);
  if (a.includes('create')) {
    await installMissingCrds(cfg.crdsDir);
    await api('POST', deploymentsPath(ns), deployment);
    return;
  }
  await api(
    'PATCH',
    deploymentsPath(ns, CONTROLLER_DEPLOYMENT),
    { metadata: { labels: deployment.metadata.labels }, spec: { template: deployment.spec.template } },
    'application/merge-patch+json',
  );
}

async function applyManifest(p, c) {
  const a = c.change.actions;
  const m = (a.includes('delete') ? c.change.before : c.change.after).manifest;
  const ns = m.metadata.namespace ?? p.namespace;
  if (a.includes('delete')) await api('DELETE', arsPath(ns, m.metadata.name));
  if (a.includes('create') && !a.includes('delete')) await api('POST', arsPath(ns), m);
  if (a.includes('update')) {
    await api(
      'PATCH',
      arsPath(ns, m.metadata.name),
      { metadata: { labels: m.metadata.labels }, spec: m.spec },
      'application/merge-patch+json',
    );
  }
}

/** Dependents go before what they depend on when destroyed: the controller's uninstall comes last. */
function applyOrder(changes) {
  const last = (c) => c.type === 'helm_release' && c.change.actions.includes('delete');
  return [...changes.filter((c) => !last(c)), ...changes.filter(last)];
}

async function apply() {
  const cfg = config();
  const p = readPlan(positional()[0]);
  if (cfg.killParentOnApply) process.kill(process.ppid, 'SIGKILL');
  if (cfg.failApply) fail('the stand-in was told to fail this apply');
  let n = 0;
  for (const c of applyOrder(p.resource_changes)) {
    const a = c.change.actions;
    if (!['kubernetes_manifest', 'helm_release'].includes(c.type)) continue;
    if (a.includes('no-op') || a.includes('read')) continue;
    if ((cfg.failApplyOf ?? []).includes(c.address))
      fail(`${c.address}: the stand-in was told to fail applying this resource (${n} applied before it)`);
    if (c.type === 'helm_release') await applyController(cfg, c);
    else await applyManifest(p, c);
    process.stdout.write(`${c.address}: ${a.join('+')} complete\n`);
    n++;
  }
  process.stdout.write(`Apply complete! Resources: ${n} changed.\n`);
}

if (command === 'plan') await plan();
else if (command === 'show') show();
else if (command === 'apply') await apply();
else if (command === 'version' || command === '-version') process.stdout.write('OpenTofu v1.8.0-standin\n');
else fail(`the stand-in does not implement "${command}"`, 2);
