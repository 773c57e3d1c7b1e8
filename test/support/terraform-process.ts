// Runs terraform as a child process in its own process group, so that killing it (SIGKILL for stale-lock
// tests) also kills what it started, such as a local-exec `sleep`.
import { type ChildProcess, spawn } from 'node:child_process';
import { waitUntil } from './process.ts';

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface BackgroundRun {
  pid: number;
  /** Output so far (ANSI codes removed). */
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr matches `pattern`; rejects after `timeoutMs` or if terraform exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL to terraform and everything it started; resolves when it is gone. */
  kill(): Promise<TerraformResult>;
  /** Resolves when terraform exits on its own (or is killed). */
  done: Promise<TerraformResult>;
}

const liveGroups = new Set<number>();

export function startTerraform(binary: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): BackgroundRun {
  const child = spawn(binary, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${binary}`);
  liveGroups.add(pid);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = exitOf(child).then((code) => {
    liveGroups.delete(pid);
    return { code, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) };
  });
  let finished = false;
  void done.then(() => (finished = true));
  const output = () => ({ stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) });
  return {
    pid,
    output,
    done,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      const seen = () => pattern.test(output().stdout) || pattern.test(output().stderr);
      await waitUntil(() => seen() || finished, timeoutMs);
      if (!seen()) {
        const { stdout: out, stderr: err } = output();
        throw new Error(
          `terraform ${args.join(' ')} never printed ${pattern}${finished ? ' (it exited)' : ''}:\n${out}\n${err}`,
        );
      }
    },
    kill: async () => {
      killGroup(pid);
      return done;
    },
  };
}

export async function runTerraform(
  binary: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  return startTerraform(binary, args, cwd, env).done;
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    // 'close' waits for stdout/stderr to end, so the output is complete. A signal counts as 128 + its number.
    child.once('close', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 128)));
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

process.once('exit', () => {
  for (const pid of liveGroups) killGroup(pid);
});
