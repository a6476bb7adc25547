import { Injectable } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { AuthUser } from '@keiyaku/server/auth';
import { ReportsService } from '@keiyaku/server/reports';
import type { FormInfo, FormParameter } from '@keiyaku/domain';

/** The key under which @Label (libs/server/core/src/http/validation.ts) keeps a field's Japanese name. */
const LABEL_KEY = 'keiyaku:label';

/** A report's parameters as the form catalogue shows them, read from its DTO's validation rules. */
export function parametersOf(params: (new () => object) | undefined): FormParameter[] {
  if (!params) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(params, '', true, false);
  const names = [...new Set(metas.map((m) => m.propertyName))];
  return names.map((name) => {
    const mine = metas.filter((m) => m.propertyName === name);
    const has = (n: string) => mine.find((m) => m.name === n || m.type === n);
    const choice = has('isIn');
    const type: FormParameter['type'] = choice
      ? 'choice'
      : has('isInt') || has('isNumber')
        ? 'number'
        : has('isDateString') || has('isISO8601')
          ? 'date'
          : has('isBoolean')
            ? 'boolean'
            : 'string';
    const min = has('min')?.constraints?.[0];
    const max = has('max')?.constraints?.[0];
    return {
      name,
      label: (Reflect.getMetadata(LABEL_KEY, params.prototype, name) as string | undefined) ?? name,
      type,
      required: !mine.some((m) => m.type === 'conditionalValidation'),
      ...(choice ? { choices: [...(choice.constraints?.[0] ?? [])].map(String) } : {}),
      ...(typeof min === 'number' ? { min } : {}),
      ...(typeof max === 'number' ? { max } : {}),
    };
  });
}

/** 登録帳票: every form the other modules registered, with its parameters, for this user. */
@Injectable()
export class FormsCatalogue {
  constructor(private readonly reports: ReportsService) {}

  list(user: AuthUser): FormInfo[] {
    return this.reports
      .definitionsFor(user)
      .map((d) => ({ name: d.name, title: d.title, formats: [...d.formats], parameters: parametersOf(d.params) }))
      .sort((a, b) => a.title.localeCompare(b.title, 'ja'));
  }
}
