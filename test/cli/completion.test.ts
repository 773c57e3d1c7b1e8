// Shell completion as a user meets it: the script `stateward completion bash|zsh` prints is loaded into a
// real bash and a real zsh (through zsh's bashcompinit, as the script's header says), and the completion
// function is asked what it offers for a command line, the way each shell asks it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.ts';

const SHELLS = {
  bash: (script: string, words: string[]) =>
    `${script}\nCOMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}\n_stateward_complete\nprintf '%s\\n' "\${COMPREPLY[@]}"`,
  // What zsh's bashcompinit sets before calling the function (COMP_WORDS from $words, COMP_CWORD = CURRENT - 1,
  // PREFIX = the word being completed, which its compgen -f globs on), then the prefix match that zsh's compadd
  // applies to what the function returns (bashcompinit's compgen leaves matching to zsh).
  zsh: (script: string, words: string[]) =>
    `autoload -U compinit && compinit -u -D\n${script}\nCOMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}\nPREFIX=${quote(words.at(-1)!)}\n_stateward_complete\nprint -l -- "\${(M)COMPREPLY[@]:#\${PREFIX}*}"`,
} as const;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

function offered(shell: keyof typeof SHELLS, line: string): string[] {
  const script = runCli(['completion', shell]);
  assert.equal(script.code, 0, script.stderr);
  const words = line.split(' ');
  const run = spawnSync(shell, ['-c', SHELLS[shell](script.stdout, words)], { encoding: 'utf8' });
  if (run.error) throw new Error(`${shell} is needed for this test (apt-get install ${shell}): ${run.error.message}`);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split('\n').filter(Boolean);
}

for (const shell of ['bash', 'zsh'] as const) {
  describe(`completion in ${shell}`, () => {
    it('offers the commands that start with what was typed', () => {
      assert.deepEqual(offered(shell, 'stateward p'), ['policy', 'plan']);
    });

    it("offers a command's own options and the global ones, not the program's --version", () => {
      const options = offered(shell, 'stateward apply --');
      assert.ok(options.includes('--auto-approve') && options.includes('--config'), options.join(' '));
      assert.ok(!options.includes('--version'));
    });

    it("offers an option's fixed values and a command's fixed arguments, with global options before the command", () => {
      assert.deepEqual(offered(shell, 'stateward policy --kind '), [
        'trust',
        'permissions',
        'plan-trust',
        'plan-permissions',
        'bucket',
        'humans',
        'lock-table',
        'boundary',
        'scp',
      ]);
      assert.deepEqual(offered(shell, 'stateward -c x.yaml audit --fail-on m'), ['medium']);
      assert.deepEqual(offered(shell, 'stateward completion z'), ['zsh']);
    });

    it('completes file names after an option that takes a file', () => {
      const files = offered(shell, 'stateward plan -c package.j');
      assert.deepEqual(files, ['package.json']);
    });
  });
}

it('an unknown shell is refused with the ones it supports', () => {
  const run = runCli(['completion', 'fish']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /Allowed choices are bash, zsh/);
});
