import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppAuthGuard, PasswordAuthGuard } from './auth.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { DepartmentsService } from './departments.service';
import { Department } from './entities/department.entity';
import { GridState } from './entities/grid-state.entity';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';
import { GridStateController } from './grid-state.controller';
import { PasswordService } from './password.service';
import { AuthServiceRegistration, PasswordStrategy, SessionStrategy } from './strategies';
import { DepartmentsController, UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Staff sign-in, sessions, users, departments; installs the deny-by-default guard. */
@Global()
@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([User, Department, Session, GridState])],
  controllers: [AuthController, UsersController, DepartmentsController, GridStateController],
  providers: [
    AuthService,
    PasswordService,
    UsersService,
    DepartmentsService,
    PasswordStrategy,
    SessionStrategy,
    AuthServiceRegistration,
    PasswordAuthGuard,
    { provide: APP_GUARD, useClass: AppAuthGuard },
  ],
  exports: [AuthService, PasswordService, UsersService, DepartmentsService],
})
export class AuthModule {}
