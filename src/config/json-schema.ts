// The JSON Schema for editors, generated from the same valibot schema the loader uses.
import { toJsonSchema } from '@valibot/to-json-schema';
import { configSchema } from './schema.ts';

export const SCHEMA_ID = 'https://stateward.dev/schema/stateward.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(configSchema, { errorMode: 'throw' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: SCHEMA_ID,
    title: 'stateward.yaml',
    description: 'Per-project Terraform state buckets and IAM roles, declared in one file.',
  };
}
