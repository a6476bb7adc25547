import { HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ERROR_CODES } from '@keiyaku/domain';
import { AppException } from './app-exception';
import { blankToNull, checkBodyShape, toFieldErrors } from './validation';

/**
 * Validates a body against a DTO class where the class is chosen at run time (generic
 * sub-resources), with the same rules and Japanese messages as the global pipe.
 */
export async function validateBody<T extends object>(dto: new () => T, body: unknown, options: { partial?: boolean } = {}): Promise<T> {
  checkBodyShape(body);
  const instance = plainToInstance(dto, blankToNull(body ?? {}) as object);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    skipMissingProperties: options.partial ?? false,
    validationError: { target: true, value: false },
  });
  if (errors.length) {
    const fieldErrors = toFieldErrors(errors);
    throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, fieldErrors.map((f) => f.message).join(' '), fieldErrors);
  }
  return instance;
}
