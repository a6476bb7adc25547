import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested, validate } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { blankToNull, checkBodyShape, Label, toFieldErrors } from './validation';

class Line {
  @Label('金額') @IsInt() @Min(0) amount!: number;
}
class Form {
  @Label('件名') @IsString() @IsNotEmpty() @MaxLength(10) title!: string;
  @IsOptional() @IsString() note?: string;
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

describe('Japanese validation messages', () => {
  it('names the field by its label and property, with the rule\'s limit', async () => {
    const form = plainToInstance(Form, { title: 'とても長い件名です、十文字超', note: 5, lines: [{ amount: -1 }] });
    const errors = toFieldErrors(await validate(form));
    expect(errors).toEqual([
      { field: 'title', message: '件名（title）は10文字以内で入力してください。' },
      { field: 'note', message: 'noteは文字で入力してください。' },
      { field: 'lines[0].amount', message: '金額（lines[0].amount）は0以上で入力してください。' },
    ]);
  });
  it('says only what is wrong with the type of a value of the wrong type', async () => {
    const errors = toFieldErrors(await validate(plainToInstance(Form, { title: 'x', lines: [{ amount: 'many' }] })));
    expect(errors).toEqual([{ field: 'lines[0].amount', message: '金額（lines[0].amount）は整数で入力してください。' }]);
  });
  it('says only "required" for a missing value', async () => {
    const errors = toFieldErrors(await validate(plainToInstance(Form, { title: null, lines: [] })));
    expect(errors).toEqual([{ field: 'title', message: '件名（title）を入力してください。' }]);
  });
});

describe('blankToNull', () => {
  it('turns empty and blank strings into null, deeply (Oracle stores \'\' as NULL)', () => {
    expect(blankToNull({ a: '', b: ' ', c: 'x', d: [''], e: { f: '' }, g: 0 })).toEqual({ a: null, b: null, c: 'x', d: [null], e: { f: null }, g: 0 });
  });
});

describe('checkBodyShape', () => {
  const refusal = (body: unknown) => {
    try {
      checkBodyShape(body);
      return null;
    } catch (e) {
      return (e as { getStatus(): number; message: string }).getStatus();
    }
  };
  it('accepts an object of modest depth, and no body at all', () => {
    expect(refusal({ a: 1, b: [{ c: { d: 'x' } }] })).toBeNull();
    expect(refusal(undefined)).toBeNull();
  });
  it('refuses arrays, bare values, deep nesting and class-like keys with 400', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    for (const bad of [[1, 2], 5, 'x', null, { a: deep }, JSON.parse('{"x":{"constructor":{"prototype":{}}}}'), JSON.parse('{"__proto__":{"admin":true}}')]) expect(refusal(bad)).toBe(400);
  });
});
