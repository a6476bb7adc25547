import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from './auth-user';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, CreateUserDto, DepartmentListQueryDto, ResetPasswordDto, UpdateDepartmentDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@RequirePermissions('admin.users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query() query: UserListQueryDto) {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.users.get(id);
  }

  @Post()
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto, @CurrentUser() actor: AuthUser) {
    return this.users.update(id, dto, actor);
  }

  @Post(':id/reset-password')
  @HttpCode(204)
  async resetPassword(@Param('id', ParseIntPipe) id: number, @Body() dto: ResetPasswordDto) {
    await this.users.resetPassword(id, dto);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  async unlock(@Param('id', ParseIntPipe) id: number) {
    await this.users.unlock(id);
  }
}

/** Every signed-in user may read departments (forms and filters need them); admins edit. */
@ApiTags('departments')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  list(@Query() query: DepartmentListQueryDto) {
    return this.departments.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.departments.get(id);
  }

  @Post()
  @RequirePermissions('admin.departments')
  create(@Body() dto: CreateDepartmentDto) {
    return this.departments.create(dto);
  }

  @Patch(':id')
  @RequirePermissions('admin.departments')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateDepartmentDto) {
    return this.departments.update(id, dto);
  }
}
