import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EucController } from './euc.controller';
import { EucFavorite, EucSavedQuery } from './euc-query.entity';
import { EucService } from './euc.service';
import { FormsCatalogue } from './forms-catalogue';
import { SavedQueriesService } from './saved-queries.service';

/** EUC (検索・抽出): the dataset catalog, the query compiler, saved and scheduled queries, the form catalogue. */
@Module({
  imports: [TypeOrmModule.forFeature([EucSavedQuery, EucFavorite])],
  controllers: [EucController],
  providers: [EucService, SavedQueriesService, FormsCatalogue],
  exports: [EucService],
})
export class EucModule {}
