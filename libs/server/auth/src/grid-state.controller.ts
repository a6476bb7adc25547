import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { DataSource } from 'typeorm';
import { badRequest, Label } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from './auth-user';
import { GridState } from './entities/grid-state.entity';

class GridStateDto {
  @Label('表示設定') @IsObject() state!: Record<string, unknown>;
}

function checkGridId(gridId: string): void {
  if (!/^[A-Za-z0-9._-]{1,60}$/.test(gridId)) throw badRequest('gridId', '一覧の識別子（gridId）が正しくありません。');
}

/** Each user's column layout per grid, remembered across sessions. */
@ApiTags('me')
@Controller('me/grid-states')
export class GridStateController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':gridId')
  async get(@CurrentUser() user: AuthUser, @Param('gridId') gridId: string) {
    checkGridId(gridId);
    const row = await this.dataSource.getRepository(GridState).findOneBy({ userId: user.id, gridId });
    return { state: row?.state ?? null };
  }

  @Put(':gridId')
  @HttpCode(204)
  async put(@CurrentUser() user: AuthUser, @Param('gridId') gridId: string, @Body() body: GridStateDto) {
    checkGridId(gridId);
    if (JSON.stringify(body.state).length > 30_000) throw badRequest('state', '表示設定（state）が大きすぎます。');
    await this.dataSource.transaction(async (m) => {
      const existing = await m.findOneBy(GridState, { userId: user.id, gridId });
      if (existing) await m.update(GridState, { id: existing.id }, { state: body.state, updatedAt: new Date() });
      else await m.insert(GridState, { userId: user.id, gridId, state: body.state, updatedAt: new Date() });
    });
  }
}
