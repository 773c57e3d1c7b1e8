// Entry point. Each command lives in its own module, imported only when it runs, so that
// `--version` and `--help` stay fast (no AWS SDK loaded).
import { Command } from '@commander-js/extra-typings';
import { registerCommands } from './commands.ts';
import { exitWithError } from './output.ts';

declare const STATEWARD_VERSION: string;
const version = typeof STATEWARD_VERSION === 'string' ? STATEWARD_VERSION : '0.0.0-dev';

const program = new Command()
  .name('stateward')
  .description('Per-project, isolated Terraform state on AWS, declared in one YAML file.')
  .version(version, '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .configureHelp({ sortSubcommands: false });

registerCommands(program);

program.parseAsync(process.argv).catch(exitWithError);
