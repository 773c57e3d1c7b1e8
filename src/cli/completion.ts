// `stateward completion bash|zsh`: prints the completion script for the commands this build registers.
import { StatewardError } from '../errors.ts';
import {
  type CompletionOption,
  type CompletionTree,
  completionScript,
  SHELLS,
  type Shell,
} from './completion-script.ts';
import { printLine } from './print.ts';

interface RegisteredOption {
  short?: string | undefined;
  long?: string | undefined;
  flags: string;
  argChoices?: readonly string[] | undefined;
  hidden?: boolean;
}
interface RegisteredCommand {
  name(): string;
  options: readonly RegisteredOption[];
  commands: readonly RegisteredCommand[];
  registeredArguments: readonly { argChoices?: readonly string[] | undefined }[];
}

export function runCompletion(shell: string, program: RegisteredCommand): void {
  if (!SHELLS.includes(shell as Shell))
    throw new StatewardError(
      'CLI_UNKNOWN_SHELL',
      `completion supports ${SHELLS.join(' and ')}, not "${shell}".`,
      'Run `stateward completion bash` or `stateward completion zsh`.',
    );
  printLine(completionScript(completionTree(program), shell as Shell).trimEnd());
}

export function completionTree(program: RegisteredCommand): CompletionTree {
  return {
    program: program.name(),
    globals: program.options.filter((o) => !o.hidden).map(completionOption),
    commands: program.commands.map((command) => ({
      name: command.name(),
      options: command.options.filter((o) => !o.hidden).map(completionOption),
      argumentChoices: command.registeredArguments.flatMap((argument) => argument.argChoices ?? []),
    })),
  };
}

function completionOption(option: RegisteredOption): CompletionOption {
  return {
    flags: [option.short, option.long].filter((flag): flag is string => Boolean(flag)),
    takesPath: /<(file|dir|path)>/.test(option.flags),
    choices: option.argChoices ?? [],
  };
}
