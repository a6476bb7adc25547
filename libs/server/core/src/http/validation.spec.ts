import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested, validate } from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { blankToNull, Label, toFieldErrors } from './validation';

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
