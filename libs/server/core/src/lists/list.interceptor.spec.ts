import 'reflect-metadata';
import { Get, Query } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { AppException } from '../http/app-exception';
import { ListQueryDto } from '../http/list-query';
import { AuditRecorder } from './audit-recorder';
import { ListDescription } from './list-description';
import { SettingsService } from '../settings/settings.service';
import { ListInterceptor } from './list.interceptor';

class ThingsQueryDto extends ListQueryDto {}
class OtherQueryDto {
  format?: string;
}

class ThingsController {
  @Get()
  list(@Query() _query: ThingsQueryDto) {
    return null;
  }

  @Get('other')
  other(@Query() _query: OtherQueryDto) {
    return null;
  }
}

function contextFor(handler: keyof ThingsController, query: Record<string, string>) {
  return {
    getType: () => 'http',
    getClass: () => ThingsController,
    getHandler: () => ThingsController.prototype[handler],
    switchToHttp: () => ({ getRequest: () => ({ query }), getResponse: () => ({ setHeader: jest.fn() }) }),
  } as any;
}

describe('ListInterceptor', () => {
  const audit: AuditRecorder = { record: jest.fn(async () => undefined) };
  // The row limit is a setting; these tests stay far below it.
  const settings = { get: async () => 1_000_000 } as unknown as SettingsService;
  const interceptor = new ListInterceptor(audit, settings);
  const run = (handler: keyof ThingsController, query: Record<string, string>, result: unknown) =>
    lastValueFrom(interceptor.intercept(contextFor(handler, query), { handle: () => of(result) }));

  it('answers a ListDescription with its JSON page by default', async () => {
    const description = Object.assign(Object.create(ListDescription.prototype), {
      query: {},
      page: jest.fn(async () => ({ rows: [{ id: 1 }], total: 1 })),
    });
    await expect(run('list', {}, description)).resolves.toEqual({ rows: [{ id: 1 }], total: 1 });
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('refuses a file request to a list endpoint that can only page, naming the field', async () => {
    const error = (await run('list', { format: 'xlsx' }, { rows: [], total: 0 }).catch((e) => e)) as AppException;
    expect(error).toBeInstanceOf(AppException);
    expect(error.getStatus()).toBe(400);
    expect(error.getResponse()).toMatchObject({ errors: [{ field: 'format', message: 'この一覧はファイルに出力できません。' }] });
  });

  it('leaves other endpoints and their own format parameters alone', async () => {
    await expect(run('other', { format: 'xlsx' }, { rows: [], total: 0 })).resolves.toEqual({ rows: [], total: 0 });
    await expect(run('list', {}, { rows: [], total: 0 })).resolves.toEqual({ rows: [], total: 0 });
  });
});
