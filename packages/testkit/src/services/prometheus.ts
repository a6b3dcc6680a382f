import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { stopChild } from './stop-child';
import { freePort, waitReady } from './wait';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const prometheusMissing = !existsSync(PROMETHEUS_BIN);
export const prometheusMissingReason = `${PROMETHEUS_BIN} is not installed (Debian prometheus): the Prometheus tests are skipped`;

export interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  honor_labels?: boolean;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}

export interface RunningPrometheus {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A real Prometheus server on 127.0.0.1 scraping `jobs` every second, with a fresh data folder
 * removed again on stop. Ready when `/-/ready` answers.
 */
export async function startPrometheus(
  jobs: ScrapeJob[],
  ruleFiles: string[] = [],
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-prometheus-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      ...(ruleFiles.length ? { rule_files: ruleFiles } : {}),
      scrape_configs: jobs.map((j) => ({ scrape_timeout: '1s', ...j })),
    }),
  );
  const port = await freePort();
  const spawnedAt = Date.now();
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { stdio: 'ignore', cwd: dir },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${url}/-/ready`, 'Prometheus to be ready');
    // The port was free when picked; the server answering must be this child (see startPushgateway).
    const info = (await (await fetch(`${url}/api/v1/status/runtimeinfo`)).json()) as {
      data?: { startTime?: string };
    };
    if (child.exitCode !== null || Date.parse(info.data?.startTime ?? '') < spawnedAt - 2000) {
      throw new Error(`port ${port} is served by another process's Prometheus`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
