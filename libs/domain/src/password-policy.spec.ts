import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a long password without the login id', () => {
    expect(passwordProblems('correct-horse-battery', 'tanaka')).toEqual([]);
  });
  it('refuses fewer than 10 characters', () => {
    expect(passwordProblems('short12', 'tanaka')[0]).toContain('10文字以上');
  });
  it('refuses a password containing the login id, whatever the case', () => {
    expect(passwordProblems('xxTanaka-2026xx', 'tanaka')).toEqual(['パスワードにログインIDを含めることはできません。']);
  });
});
