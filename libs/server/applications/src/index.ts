export * from './applications.module';
export * from './applications.service';
export * from './application-reports';
export * from './portal-auth.service';
export * from './portal.guard';
export * from './entities/account.entities';
export * from './entities/application.entities';
