// Registers every command. Actions import their implementation lazily.
import type { Command } from '@commander-js/extra-typings';

export function registerCommands(program: Command): void {
  void program;
}
