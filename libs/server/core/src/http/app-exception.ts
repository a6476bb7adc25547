import { HttpException, HttpStatus } from '@nestjs/common';
import { ERROR_CODES } from '@keiyaku/domain';

export interface FieldError {
  field: string;
  message: string;
}

/** An error a clerk can act on: status, a stable code and a Japanese message. */
export class AppException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super({ statusCode: status, code, message, ...(errors ? { errors } : {}) }, status);
  }
}

export const notFound = (what = 'データ') =>
  new AppException(HttpStatus.NOT_FOUND, ERROR_CODES.notFound, `指定された${what}が見つかりません。`);

export const versionConflict = (what = 'データ') =>
  new AppException(
    HttpStatus.CONFLICT,
    ERROR_CODES.conflict,
    `この${what}は他の利用者によって更新されています。画面を開き直して最新の内容を確認してください。`,
  );

export const duplicate = (field: string, label: string, value: string) =>
  new AppException(HttpStatus.CONFLICT, ERROR_CODES.duplicate, `${label}「${value}」は既に登録されています。`, [
    { field, message: `${label}「${value}」は既に登録されています。` },
  ]);

export const badRequest = (field: string, message: string) =>
  new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, message, [{ field, message }]);
