// Shell completion scripts, generated from the commands as registered, so a new command or option completes
// without touching this file. One bash function serves both shells: zsh runs it through its own
// `bashcompinit`, which keeps the two from drifting apart (zsh then shows no descriptions, a fair trade for
// one tested implementation). No library fits: commander has no completion, and the packages that add it
// (omelette, tabtab) install hooks into the user's rc files, which a CLI should not do on its own.

export interface CompletionOption {
  /** Every spelling, e.g. ['-c', '--config']. */
  flags: string[];
  /** The value is a path (its placeholder names a file or a directory). */
  takesPath: boolean;
  /** The value is one of these. */
  choices: readonly string[];
}

export interface CompletionCommand {
  name: string;
  /** Every option it accepts after its name, the global ones it repeats included. */
  options: CompletionOption[];
  /** Values its positional arguments take, when they are fixed (e.g. the shells of `completion`). */
  argumentChoices: readonly string[];
}

export interface CompletionTree {
  program: string;
  /** Options accepted before any command. */
  globals: CompletionOption[];
  commands: CompletionCommand[];
}

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(tree: CompletionTree, shell: Shell): string {
  const body = bashFunction(tree);
  const fn = functionName(tree);
  if (shell === 'bash')
    return `# ${tree.program} completion for bash. Add to ~/.bashrc:\n#   eval "$(${tree.program} completion bash)"\n${body}complete -o default -F ${fn} ${tree.program}\n`;
  return `# ${tree.program} completion for zsh. Add to ~/.zshrc (after compinit):\n#   eval "$(${tree.program} completion zsh)"\nautoload -U +X bashcompinit && bashcompinit\n${body}complete -o default -F ${fn} ${tree.program}\n`;
}

const functionName = (tree: CompletionTree) => `_${tree.program.replace(/\W/g, '_')}_complete`;
const words = (list: readonly string[]) => list.join(' ');

function bashFunction(tree: CompletionTree): string {
  const commandNames = tree.commands.map((c) => c.name);
  const globalFlags = tree.globals.flatMap((o) => o.flags);
  const isGlobal = (option: CompletionOption) => option.flags.some((flag) => globalFlags.includes(flag));
  // A command's own options first: restore's --version takes a value where the program's prints one.
  const valueCases = tree.commands.flatMap((c) =>
    c.options.filter((o) => !isGlobal(o)).map((o) => valueCase(o, `${c.name}:`)),
  );
  const globalValueCases = tree.globals.map((o) => valueCase(o, '*:'));
  const optionCases = tree.commands.map(
    (c) => `    ${c.name}) opts="${words([...c.argumentChoices, ...c.options.flatMap((o) => o.flags)])}" ;;`,
  );
  return `${functionName(tree)}() {
  # zsh's bashcompinit fills COMP_WORDS as a zsh array (1-based); ksharrays makes it 0-based, as in bash.
  if [ -n "\${ZSH_VERSION:-}" ]; then setopt localoptions ksharrays; fi
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" opts="" i
  if [ "$COMP_CWORD" -gt 0 ]; then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    case " ${words(commandNames)} " in *" \${COMP_WORDS[i]} "*) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  case "$cmd:$prev" in
${[...valueCases, ...globalValueCases].filter(Boolean).join('\n')}
  esac
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "${words([...commandNames, ...globalFlags])}" -- "$cur"))
    return 0
  fi
  case "$cmd" in
${optionCases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
`;
}

/** The case arm that completes an option's value, or '' when the value is free text (nothing to offer). */
function valueCase(option: CompletionOption, prefix: string): string {
  const pattern = option.flags.map((flag) => `${prefix}${flag}`).join('|');
  if (option.choices.length > 0)
    return `    ${pattern}) COMPREPLY=($(compgen -W "${words(option.choices)}" -- "$cur")); return 0 ;;`;
  if (option.takesPath) return `    ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;`;
  return '';
}
