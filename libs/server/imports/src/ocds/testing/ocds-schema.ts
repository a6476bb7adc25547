import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const dir = join(__dirname, '..', 'schema');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

/** JSON Merge Patch (RFC 7386): how OCDS extensions apply to the core schema. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * A validator of OCDS 1.1.5 release packages whose releases use the bid extension: the
 * committed core schemas (draft 4), the extension merged into the release schema.
 */
export function ocdsPackageValidator() {
  const release = mergePatch(read('release-schema-1.1.5.json'), read('bid-extension-release-schema-1.1.5.json')) as Record<string, unknown>;
  // OCDS's own keywords (codelist, openCodelist, mergeStrategy, deprecated …) are annotations, not rules.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(release);
  const validate = ajv.compile(read('release-package-schema-1.1.5.json'));
  return (data: unknown): string[] => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
}
