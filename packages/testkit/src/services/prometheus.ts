import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { stopChild } from './stop-child';
import { freePort, waitReady } from './wait';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
/** Debian's prometheus package ships promtool beside the server. */
export const PROMTOOL_BIN = '/usr/bin/promtool';
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

export interface PrometheusOptions {
  /**
   * OpenMetrics text (with timestamps) written into the data folder before the server starts, with
   * `promtool tsdb create-blocks-from openmetrics`: history as if it had been scraped in the past.
   */
  backfill?: string;
}

/**
 * A real Prometheus server on 127.0.0.1 scraping `jobs` every second, with a fresh data folder
 * removed again on stop. Ready when `/-/ready` answers.
 */
export async function startPrometheus(
  jobs: ScrapeJob[],
  ruleFiles: string[] = [],
  options: PrometheusOptions = {},
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-prometheus-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  if (options.backfill !== undefined) {
    const input = join(dir, 'backfill.om');
    writeFileSync(input, options.backfill);
    // Day-long blocks: a week of history in 7 blocks rather than 84 of the default 2 h.
    await promisify(execFile)(
      PROMTOOL_BIN,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', input, data],
      { maxBuffer: 64 * 1024 * 1024 },
    );
  }
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
      // Backfilled history lies in the past: a short retention would delete it on start.
      `--storage.tsdb.retention.time=${options.backfill !== undefined ? '3650d' : '1h'}`,
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
