import { isValidCorporateNumber } from './corporate-number';

describe('isValidCorporateNumber', () => {
  it('accepts the National Tax Agency number', () => {
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
  });
  it('refuses a number with one digit changed', () => {
    expect(isValidCorporateNumber('7000012050003')).toBe(false);
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
  });
  it('refuses other shapes', () => {
    expect(isValidCorporateNumber('700001205000')).toBe(false);
    expect(isValidCorporateNumber('７000012050002')).toBe(false);
    expect(isValidCorporateNumber(null)).toBe(false);
  });
});
