// Wall time and peak RSS of one child process. A tiny python3 wrapper reads getrusage(RUSAGE_CHILDREN),
// whose ru_maxrss is the high-water mark of the child (worker threads included: they share its RSS),
// and times the child alone, without node's or python's start-up.
import { execFileSync } from 'node:child_process';

const WRAPPER = `
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
with open(out, 'wb') as sink:
    child = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
stderr = child.stderr.decode('utf8', 'replace')[-2000:]
print(json.dumps({'code': child.returncode, 'stderr': stderr, 'wall': wall, 'maxRssKiB': usage.ru_maxrss, 'user': usage.ru_utime, 'sys': usage.ru_stime}))
`;

/** Runs `command` once with stdout sent to `stdoutFile`; returns seconds, peak RSS bytes and exit code. */
export function measureOnce(command, { stdoutFile = '/dev/null', cwd } = {}) {
  const json = execFileSync('python3', ['-c', WRAPPER, stdoutFile, ...command], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(json);
  return { code: result.code, stderr: result.stderr, seconds: result.wall, peakRssBytes: result.maxRssKiB * 1024, cpuSeconds: result.user + result.sys };
}

/** One warm-up run (fills the page cache, not counted), then best wall time of `runs`; peak RSS is the max. */
export function measure(command, { runs = 3, okCodes = [0], ...options } = {}) {
  const samples = [];
  for (let i = 0; i <= runs; i++) {
    const sample = measureOnce(command, options);
    if (!okCodes.includes(sample.code)) {
      throw new Error(`${command.join(' ')} exited with ${sample.code}: ${sample.stderr.trim().split('\n').pop()}`);
    }
    if (i > 0) samples.push(sample);
  }
  return {
    seconds: Math.min(...samples.map((s) => s.seconds)),
    medianSeconds: samples.map((s) => s.seconds).sort((a, b) => a - b)[Math.floor(samples.length / 2)],
    peakRssBytes: Math.max(...samples.map((s) => s.peakRssBytes)),
    cpuSeconds: Math.min(...samples.map((s) => s.cpuSeconds)),
    runs: samples.length,
  };
}
