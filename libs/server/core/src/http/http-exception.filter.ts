import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ERROR_CODES } from '@keiyaku/domain';
import { currentContext } from '../context/request-context';

const MESSAGES: Record<number, [string, string]> = {
  400: [ERROR_CODES.validation, 'リクエストの内容が正しくありません。'],
  401: [ERROR_CODES.unauthenticated, 'ログインしてください。'],
  403: [ERROR_CODES.forbidden, 'この操作を行う権限がありません。'],
  404: [ERROR_CODES.notFound, '指定されたページまたはデータが見つかりません。'],
  405: ['METHOD_NOT_ALLOWED', 'この操作はできません。'],
  409: [ERROR_CODES.conflict, '他の操作と競合しました。画面を開き直してください。'],
  413: ['PAYLOAD_TOO_LARGE', '送信されたデータが大きすぎます。'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'この形式のデータは受け付けられません。'],
  429: ['TOO_MANY_REQUESTS', 'リクエストが多すぎます。しばらく待ってから再度お試しください。'],
};

// Errors that mean the database is away (restarting, network down), not that the request was wrong.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error|Driver not Connected|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)|Query runner already released|ORA-(03113|03114|12541|12514|12170)/i;

/** Whether an error (or the driver error a TypeORM error wraps) says the database cannot be reached. */
export function isDatabaseUnavailable(exception: unknown): boolean {
  for (let e = exception as { code?: unknown; message?: unknown; driverError?: unknown } | undefined, depth = 0; e && depth < 3; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || /^08/.test(code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = e.driverError as typeof e;
  }
  return false;
}

/** Every error leaves the API as { statusCode, code, message } with a Japanese message. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const status = this.statusOf(exception);
    let body: Record<string, unknown>;
    const response = exception instanceof HttpException ? exception.getResponse() : null;
    if (response && typeof response === 'object' && 'code' in response && 'message' in response) {
      body = { ...(response as object), statusCode: status };
    } else if (status === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      body = { statusCode: status, code: ERROR_CODES.unavailable, message: 'データベースに接続できません。しばらく待ってから再度お試しください。' };
    } else if (status < 500) {
      const [code, message] = MESSAGES[status] ?? ['ERROR', 'リクエストを処理できませんでした。'];
      body = { statusCode: status, code, message };
    } else {
      const requestId = currentContext()?.requestId;
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      body = {
        statusCode: status,
        code: ERROR_CODES.internal,
        message: `システムエラーが発生しました。管理者に連絡してください（受付番号: ${requestId ?? '-'}）。`,
      };
    }
    if (!res.headersSent) res.status(status).json(body);
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof HttpException) return exception.getStatus();
    if (isDatabaseUnavailable(exception)) return HttpStatus.SERVICE_UNAVAILABLE;
    const e = exception as { status?: number; statusCode?: number; type?: string };
    // body-parser errors (malformed JSON, too large) carry their own status.
    const status = e?.statusCode ?? e?.status;
    if (typeof status === 'number' && status >= 400 && status < 600) return status;
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
