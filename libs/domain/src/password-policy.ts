export const PASSWORD_MIN_LENGTH = 10;

/** Problems with a proposed password, in Japanese; empty when it is acceptable. */
export function passwordProblems(password: string, loginId: string): string[] {
  const problems: string[] = [];
  if ((password ?? '').length < PASSWORD_MIN_LENGTH) {
    problems.push(`パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`);
  }
  if (loginId && password && password.toLowerCase().includes(loginId.toLowerCase())) {
    problems.push('パスワードにログインIDを含めることはできません。');
  }
  return problems;
}
