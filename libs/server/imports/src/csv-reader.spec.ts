import { readRows } from './csv-reader';

describe('readRows', () => {
  it('keeps quoted commas and line breaks, with the line each row starts on', () => {
    const { header, rows } = readRows('a,b\n1,"x,\ny"\n\n2,z\n');
    expect(header).toEqual(['a', 'b']);
    expect(rows).toEqual([{ line: 2, cells: ['1', 'x,\ny'] }, { line: 5, cells: ['2', 'z'] }]);
  });
  it('answers a quote that is never closed with a 400 naming the line, not a system error', () => {
    let error: any = null;
    try {
      readRows('a,b\n1,2\n"3,4\n5,6\n');
    } catch (e) {
      error = e;
    }
    expect(error?.getStatus()).toBe(400);
    expect(error.message).toMatch(/行目で引用符（"）が閉じられていません/);
  });
});
