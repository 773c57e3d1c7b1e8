import { configJsonSchema } from '../config/json-schema.ts';
import { printLine } from './print.ts';

export async function runSchema(): Promise<void> {
  printLine(JSON.stringify(configJsonSchema(), null, 2));
}
