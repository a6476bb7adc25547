import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from '@keiyaku/domain';

const NETWORK_MESSAGE = 'サーバーに接続できませんでした。ネットワークの状態を確認して、もう一度お試しください。';
const FALLBACK_MESSAGE = 'エラーが発生しました。時間をおいて再度お試しください。';

/** The server's `{statusCode, code, message, errors?}` body, when the error carries one. */
export function apiErrorOf(error: unknown): ApiError | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body = error.error;
  if (body && typeof body === 'object' && typeof body.message === 'string' && typeof body.code === 'string') {
    return body as ApiError;
  }
  return null;
}

/** The Japanese message to show for a failed call; the server's own wording is shown as is. */
export function errorMessage(error: unknown, fallback = FALLBACK_MESSAGE): string {
  const api = apiErrorOf(error);
  if (api) return api.message;
  if (error instanceof HttpErrorResponse && error.status === 0) return NETWORK_MESSAGE;
  return fallback;
}

export function errorCode(error: unknown): string | null {
  return apiErrorOf(error)?.code ?? null;
}

/** Field-level messages (`errors[]`), joined per field, for showing beside the inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const e of apiErrorOf(error)?.errors ?? []) {
    result[e.field] = result[e.field] ? `${result[e.field]} ${e.message}` : e.message;
  }
  return result;
}

/**
 * errorMessage() for calls made with responseType 'blob' (files), whose error body arrives as
 * a Blob rather than parsed JSON.
 */
export async function blobErrorMessage(error: unknown, fallback = FALLBACK_MESSAGE): Promise<string> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    try {
      const body = JSON.parse(await error.error.text());
      if (body && typeof body.message === 'string') return body.message;
    } catch {
      // not JSON: fall through to the status-based message
    }
  }
  return errorMessage(error, fallback);
}
