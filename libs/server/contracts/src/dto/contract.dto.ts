import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BOND_KINDS, CONTRACT_STATUSES, INSPECTION_KINDS, INSPECTION_RESULTS, PAYMENT_KINDS, SMALL_CONTRACT_KINDS, TENDER_METHODS } from '@keiyaku/domain';
import { IsOmittable, Label, ListQueryDto } from '@keiyaku/server/core';

const MAX_YEN = 999_999_999_999_999;
const CATEGORIES = ['construction', 'survey', 'goods'];
const SMALL_KINDS = SMALL_CONTRACT_KINDS.map((k) => k.code);

/** Optional fields of a contract (the identifying ones are in the create and update DTOs). */
export class ContractFieldsDto {
  @ApiPropertyOptional() @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode?: string | null;
  @ApiPropertyOptional() @Label('担当課') @IsOptional() @IsInt() @Min(1) departmentId?: number | null;
  @ApiPropertyOptional() @Label('場所') @IsOptional() @IsString() @MaxLength(300) location?: string | null;
  @ApiPropertyOptional() @Label('随意契約の理由') @IsOptional() @IsString() @MaxLength(600) negotiatedReason?: string | null;
  @ApiPropertyOptional({ enum: SMALL_KINDS }) @Label('少額随意契約の区分') @IsOptional() @IsIn(SMALL_KINDS) smallContractKind?: string | null;
  @ApiPropertyOptional() @Label('予算科目') @IsOptional() @IsString() @MaxLength(40) budgetLineCode?: string | null;
  @ApiPropertyOptional() @Label('契約日') @IsOptional() @IsDateString({ strict: true }) contractDate?: string | null;
  @ApiPropertyOptional() @Label('工期（自）') @IsOptional() @IsDateString({ strict: true }) periodFrom?: string | null;
  @ApiPropertyOptional() @Label('工期（至）') @IsOptional() @IsDateString({ strict: true }) periodTo?: string | null;
  @ApiPropertyOptional({ enum: BOND_KINDS }) @Label('契約保証') @IsOptional() @IsIn(BOND_KINDS) bondKind?: (typeof BOND_KINDS)[number] | null;
  @ApiPropertyOptional() @Label('契約保証の金額') @IsOptional() @IsInt() @Min(0) @Max(MAX_YEN) bondAmount?: number | null;
  @ApiPropertyOptional() @Label('前払金の割合（%）') @IsOptional() @IsInt() @Min(0) @Max(60) advanceRate?: number | null;
  @ApiPropertyOptional() @Label('監督員') @IsOptional() @IsInt() @Min(1) supervisorId?: number | null;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(3000) notes?: string | null;
}

export class CreateContractDto extends ContractFieldsDto {
  @ApiProperty() @Label('件名') @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty() @Label('契約の相手方') @IsInt() @Min(1) vendorId!: number;
  @ApiProperty({ enum: CATEGORIES }) @Label('部門') @IsIn(CATEGORIES) category!: 'construction' | 'survey' | 'goods';
  @ApiProperty({ enum: TENDER_METHODS }) @Label('契約方法') @IsIn(TENDER_METHODS) method!: (typeof TENDER_METHODS)[number];
  @ApiProperty() @Label('契約金額（税込）') @IsInt() @Min(1) @Max(MAX_YEN) amount!: number;
}

export class UpdateContractDto extends ContractFieldsDto {
  @ApiPropertyOptional() @Label('件名') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @Label('契約の相手方') @IsOmittable() @IsInt() @Min(1) vendorId?: number;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOmittable() @IsIn(CATEGORIES) category?: 'construction' | 'survey' | 'goods';
  @ApiPropertyOptional({ enum: TENDER_METHODS }) @Label('契約方法') @IsOmittable() @IsIn(TENDER_METHODS) method?: (typeof TENDER_METHODS)[number];
  @ApiPropertyOptional() @Label('契約金額（税込）') @IsOmittable() @IsInt() @Min(1) @Max(MAX_YEN) amount?: number;
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class ContractTransitionDto {
  @ApiProperty({ enum: CONTRACT_STATUSES }) @Label('変更後の状態') @IsIn(CONTRACT_STATUSES) to!: (typeof CONTRACT_STATUSES)[number];
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('理由') @IsOptional() @IsString() @MaxLength(600) reason?: string | null;
  @ApiPropertyOptional() @Label('日付') @IsOptional() @IsDateString({ strict: true }) date?: string | null;
}

export class ApprovalActionDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('コメント') @IsOptional() @IsString() @MaxLength(600) comment?: string | null;
}

export class ContractListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Label('年度') @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES }) @Label('状態') @IsOptional() @IsIn(CONTRACT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOptional() @IsIn(CATEGORIES) category?: string;
  @ApiPropertyOptional() @Label('担当課') @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
}

export class CreateChangeDto {
  @ApiProperty() @Label('契約の版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('変更契約日') @IsDateString({ strict: true }) changeDate!: string;
  @ApiProperty() @Label('変更後の契約金額（税込）') @IsInt() @Min(1) @Max(MAX_YEN) amount!: number;
  @ApiPropertyOptional() @Label('変更後の工期（至）') @IsOptional() @IsDateString({ strict: true }) periodTo?: string | null;
  @ApiProperty() @Label('変更の理由') @IsString() @IsNotEmpty() @MaxLength(600) reason!: string;
}

export class UpdateChangeDto {
  @ApiProperty() @Label('変更契約の版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('変更契約日') @IsOmittable() @IsDateString({ strict: true }) changeDate?: string;
  @ApiPropertyOptional() @Label('変更後の契約金額（税込）') @IsOmittable() @IsInt() @Min(1) @Max(MAX_YEN) amount?: number;
  @ApiPropertyOptional() @Label('変更後の工期（至）') @IsOptional() @IsDateString({ strict: true }) periodTo?: string | null;
  @ApiPropertyOptional() @Label('変更の理由') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(600) reason?: string;
}

export class CreatePaymentDto {
  @ApiProperty() @Label('契約の版数') @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: PAYMENT_KINDS }) @Label('支払の種類') @IsIn(PAYMENT_KINDS) kind!: (typeof PAYMENT_KINDS)[number];
  @ApiPropertyOptional() @Label('支払予定日') @IsOptional() @IsDateString({ strict: true }) dueDate?: string | null;
  @ApiPropertyOptional() @Label('支払日') @IsOptional() @IsDateString({ strict: true }) paidDate?: string | null;
  @ApiProperty() @Label('支払額（税込）') @IsInt() @Min(1) @Max(MAX_YEN) amount!: number;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(300) notes?: string | null;
}

export class UpdatePaymentDto {
  @ApiProperty() @Label('支払の版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('支払予定日') @IsOptional() @IsDateString({ strict: true }) dueDate?: string | null;
  @ApiPropertyOptional() @Label('支払日') @IsOptional() @IsDateString({ strict: true }) paidDate?: string | null;
  @ApiPropertyOptional() @Label('支払額（税込）') @IsOmittable() @IsInt() @Min(1) @Max(MAX_YEN) amount?: number;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(300) notes?: string | null;
}

export class CreateInspectionDto {
  @ApiProperty() @Label('契約の版数') @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: INSPECTION_KINDS }) @Label('検査の種類') @IsIn(INSPECTION_KINDS) kind!: (typeof INSPECTION_KINDS)[number];
  @ApiProperty() @Label('検査予定日') @IsDateString({ strict: true }) scheduledDate!: string;
  @ApiProperty({ type: [Number] }) @Label('検査員') @IsArray() @ArrayMaxSize(10) @IsInt({ each: true }) inspectorIds!: number[];
  @ApiPropertyOptional() @Label('立会者') @IsOptional() @IsString() @MaxLength(600) attendees?: string | null;
  @ApiPropertyOptional() @Label('再検査の対象') @IsOptional() @IsInt() @Min(1) reinspectionOf?: number | null;
}

export class UpdateInspectionDto {
  @ApiProperty() @Label('検査の版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('検査予定日') @IsOmittable() @IsDateString({ strict: true }) scheduledDate?: string;
  @ApiPropertyOptional({ type: [Number] }) @Label('検査員') @IsOmittable() @IsArray() @ArrayMaxSize(10) @IsInt({ each: true }) inspectorIds?: number[];
  @ApiPropertyOptional() @Label('立会者') @IsOptional() @IsString() @MaxLength(600) attendees?: string | null;
  @ApiPropertyOptional() @Label('検査日') @IsOptional() @IsDateString({ strict: true }) inspectedDate?: string | null;
  @ApiPropertyOptional({ enum: INSPECTION_RESULTS }) @Label('検査結果') @IsOptional() @IsIn(INSPECTION_RESULTS) result?: (typeof INSPECTION_RESULTS)[number] | null;
  @ApiPropertyOptional() @Label('手直しの期限') @IsOptional() @IsDateString({ strict: true }) reworkDeadline?: string | null;
  @ApiPropertyOptional() @Label('所見') @IsOptional() @IsString() @MaxLength(2000) remarks?: string | null;
}

export class InspectionListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Label('期間（自）') @IsOptional() @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional() @Label('期間（至）') @IsOptional() @IsDateString({ strict: true }) to?: string;
  @ApiPropertyOptional({ enum: INSPECTION_KINDS }) @Label('検査の種類') @IsOptional() @IsIn(INSPECTION_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: [...INSPECTION_RESULTS, 'pending'] }) @Label('検査結果') @IsOptional() @IsIn([...INSPECTION_RESULTS, 'pending']) result?: string;
  @ApiPropertyOptional() @Label('自分の担当のみ') @IsOptional() @IsIn(['true', 'false']) mine?: string;
}

export class DeadlinesQueryDto {
  @ApiPropertyOptional() @Label('日数') @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(120) days?: number;
}
