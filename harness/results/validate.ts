// Validates a parsed results.json against harness/results/results.schema.json (the JSON form of `Results` in
// types.ts). Used before a report reads a file that may come from another version of the tool.
import Ajv from 'ajv';
import schema from './results.schema.json' with { type: 'json' };

// allErrors: report every problem at once, so a broken file can be fixed in one pass.
const ajv = new Ajv({ allErrors: true });
// Compiled once at module load: compiling is the expensive part, validation is cheap.
const validate = ajv.compile(schema);

export type ValidationResult = { ok: true } | { ok: false; errors: string[] };

/**
 * Checks that `data` is a well-formed `Results` object; errors read like `/cells/0/status: must be equal to one of the
 * allowed values`.
 */
export function validateResults(data: unknown): ValidationResult {
  if (validate(data)) return { ok: true };
  const errors = (validate.errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    // Ajv's message leaves out the extra key's name and the allowed values; add them.
    const params: Record<string, unknown> = e.params;
    const extra =
      typeof params['additionalProperty'] === 'string'
        ? ` (${params['additionalProperty']})`
        : params['allowedValues'] !== undefined
          ? `: ${JSON.stringify(params['allowedValues'])}`
          : '';
    return `${where}: ${e.message ?? 'invalid'}${extra}`;
  });
  return { ok: false, errors: errors.length > 0 ? errors : ['invalid results'] };
}
