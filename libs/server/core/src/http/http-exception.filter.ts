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
    const e = exception as { status?: number; statusCode?: number; type?: string };
    // body-parser errors (malformed JSON, too large) carry their own status.
    const status = e?.statusCode ?? e?.status;
    if (typeof status === 'number' && status >= 400 && status < 600) return status;
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
