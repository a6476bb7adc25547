import 'reflect-metadata';
import { ArgumentMetadata, HttpStatus, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, IsDefined, ValidateIf } from 'class-validator';
import { ERROR_CODES } from '@keiyaku/domain';
import { AppException, FieldError } from './app-exception';

const LABEL = 'keiyaku:label';

/** The Japanese name of a DTO field, used in validation messages. */
export function Label(label: string): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(LABEL, label, target, property);
}

/**
 * Optional in a change (PATCH), but never emptied: left out, the field keeps its value; sent as
 * null or blank ('' becomes null below), it is refused as missing. For NOT NULL columns, where
 * @IsOptional would let the null through to the database (a 500, found by the fuzzing).
 */
export function IsOmittable(): PropertyDecorator {
  const skipWhenAbsent = ValidateIf((_o, v) => v !== undefined);
  const defined = IsDefined();
  return (target, property) => {
    skipWhenAbsent(target, property);
    defined(target, property);
  };
}

type Template = (args: unknown[]) => string;

const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isDateString', 'isISO8601', 'isObject']);
const TEMPLATES: Record<string, Template> = {
  isNotEmpty: () => 'を入力してください。',
  isDefined: () => 'を入力してください。',
  isString: () => 'は文字で入力してください。',
  isInt: () => 'は整数で入力してください。',
  isNumber: () => 'は数値で入力してください。',
  isBoolean: () => 'は「はい」か「いいえ」で指定してください。',
  isArray: () => 'は一覧で指定してください。',
  arrayNotEmpty: () => 'を1つ以上選択してください。',
  arrayMinSize: (a) => `を${a[0]}件以上指定してください。`,
  arrayMaxSize: (a) => `は${a[0]}件以内で指定してください。`,
  isIn: (a) => `は次のいずれかを指定してください: ${(a[0] as unknown[]).join('、')}`,
  isEnum: () => 'の値が正しくありません。',
  min: (a) => `は${a[0]}以上で入力してください。`,
  max: (a) => `は${a[0]}以下で入力してください。`,
  minLength: (a) => `は${a[0]}文字以上で入力してください。`,
  maxLength: (a) => `は${a[0]}文字以内で入力してください。`,
  length: (a) => `は${a[0]}〜${a[1]}文字で入力してください。`,
  matches: () => 'の形式が正しくありません。',
  isEmail: () => 'はメールアドレスの形式で入力してください。',
  isDateString: () => 'は日付（YYYY-MM-DD）で入力してください。',
  isISO8601: () => 'は日付（YYYY-MM-DD）で入力してください。',
  whitelistValidation: () => 'は受け付けられない項目です。',
  isCorporateNumber: () => 'が正しくありません（13桁の数字で、先頭のチェックデジットが一致しません）。',
  isPostalCode: () => 'は「123-4567」の形式で入力してください。',
  isPhone: () => 'は半角数字とハイフンで入力してください（例: 0835-25-2111）。',
  isInvoiceNumber: () => 'は「T」と13桁の数字で入力してください。',
  nestedValidation: () => 'の内容が正しくありません。',
};

function argsOf(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const meta = metas.find((m) => m.propertyName === property && (m.name === name || m.type === name));
  return meta?.constraints ?? [];
}

/** Flattens class-validator errors into Japanese messages naming each field. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const label = (e.target && Reflect.getMetadata(LABEL, e.target, e.property)) as string | undefined;
    const name = label ? `${label}（${field}）` : field;
    // A missing value needs one message, and a value of the wrong type one more: not one per
    // rule it also breaks (a word in a number field is not also "below the minimum").
    const all = Object.entries(e.constraints ?? {});
    const required = all.filter(([key]) => key === 'isNotEmpty' || key === 'isDefined');
    const wrongType = all.filter(([key]) => TYPE_CHECKS.has(key));
    for (const [key, fallback] of required.length ? required : wrongType.length ? wrongType : all) {
      const template = TEMPLATES[key];
      const text = template ? template(argsOf(e.target, e.property, key)) : `: ${fallback}`;
      out.push({ field, message: `${name}${text}` });
    }
    if (e.children?.length) out.push(...toFieldErrors(e.children, field));
  }
  return out;
}

/** Oracle stores '' as NULL, so the API never keeps empty strings: they become null. */
export function blankToNull<T>(value: T): T {
  if (typeof value === 'string') return (value.trim() === '' ? null : value) as T;
  if (Array.isArray(value)) return value.map(blankToNull) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankToNull(v)])) as T;
  }
  return value;
}

const MAX_BODY_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every request body is one JSON object of modest depth: an array would reach the DTO as a list
 * of instances, thousands of nested brackets overflow the stack of the recursive walks, and a
 * key named `constructor` breaks class-transformer (found by the reliability fuzzing in
 * apps/reliability). All are the sender's mistake: 400.
 */
export function checkBodyShape(value: unknown): void {
  if (value === undefined) return;
  const refuse = (message: string) => {
    throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, message, [{ field: 'body', message }]);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse('リクエストの内容はJSONのオブジェクト（{ … }）で送信してください。');
  // Iterative, so the check itself cannot overflow.
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_BODY_DEPTH) refuse(`リクエストの内容の入れ子が深すぎます（${MAX_BODY_DEPTH}段まで）。`);
    if (!v || typeof v !== 'object') continue;
    for (const [key, child] of Object.entries(v)) {
      // class-transformer treats these names as the object's class and fails (prototype pollution, too).
      if (FORBIDDEN_KEYS.has(key)) refuse(`項目名「${key}」は使用できません。`);
      if (child && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

/** Whitelist, unknown fields rejected, transform, '' → null, Japanese messages. */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      // The messages need the DTO instance to find each field's label and limits.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => {
        const fieldErrors = toFieldErrors(errors);
        return new AppException(
          HttpStatus.BAD_REQUEST,
          ERROR_CODES.validation,
          fieldErrors.map((f) => f.message).join(' ') || '入力内容が正しくありません。',
          fieldErrors,
        );
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') checkBodyShape(value);
    if (metadata.type === 'body' || metadata.type === 'query') value = blankToNull(value);
    return super.transform(value, metadata);
  }
}
