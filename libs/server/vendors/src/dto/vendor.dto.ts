import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min,
  registerDecorator, ValidateNested, ValidationOptions,
} from 'class-validator';
import { isPhoneNumber, isPostalCode, isValidCorporateNumber, LOCALITIES, MEASURE_KINDS } from '@keiyaku/domain';
import { IsOmittable, Label, ListQueryDto } from '@keiyaku/server/core';

function check(name: string, test: (v: unknown) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ name, target: target.constructor, propertyName: propertyName as string, options, validator: { validate: test } });
}
/** 法人番号: 13 digits whose first is the check digit. */
export const IsCorporateNumber = () => check('isCorporateNumber', (v) => typeof v === 'string' && isValidCorporateNumber(v));
export const IsPostalCode = () => check('isPostalCode', (v) => typeof v === 'string' && isPostalCode(v));
export const IsPhone = () => check('isPhone', (v) => typeof v === 'string' && isPhoneNumber(v));
export const IsInvoiceNumber = () => check('isInvoiceNumber', (v) => typeof v === 'string' && /^T\d{13}$/.test(v));

const LOCALITY_CODES = LOCALITIES.map((l) => l.code);

export class CreateVendorDto {
  @ApiPropertyOptional() @Label('業者番号') @IsOptional() @IsString() @Matches(/^\d{1,10}$/) vendorCode?: string | null;
  @ApiPropertyOptional() @Label('法人番号') @IsOptional() @IsCorporateNumber() corporateNumber?: string | null;
  @ApiPropertyOptional() @Label('登録番号（インボイス）') @IsOptional() @IsInvoiceNumber() invoiceNumber?: string | null;
  @ApiProperty() @Label('商号又は名称') @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty() @Label('フリガナ') @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^[\u30a0-\u30ff\uff66-\uff9f\s\u3000・ー（）()A-Za-z0-9]+$/) nameKana!: string;
  @ApiPropertyOptional() @Label('代表者役職') @IsOptional() @IsString() @MaxLength(30) representativeTitle?: string | null;
  @ApiProperty() @Label('代表者氏名') @IsString() @IsNotEmpty() @MaxLength(50) representativeName!: string;
  @ApiProperty() @Label('郵便番号') @IsPostalCode() postalCode!: string;
  @ApiProperty() @Label('所在地') @IsString() @IsNotEmpty() @MaxLength(200) address!: string;
  @ApiProperty() @Label('電話番号') @IsPhone() phone!: string;
  @ApiPropertyOptional() @Label('FAX番号') @IsOptional() @IsPhone() fax?: string | null;
  @ApiPropertyOptional() @Label('メールアドレス') @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiProperty({ enum: LOCALITY_CODES }) @Label('地域区分') @IsIn(LOCALITY_CODES) locality!: 'local' | 'semiLocal' | 'outside';
  @ApiPropertyOptional() @Label('資本金（円）') @IsOptional() @IsInt() @Min(0) @Max(999_999_999_999_999) capital?: number | null;
  @ApiProperty({ enum: ['corporation', 'individual'] }) @Label('法人・個人') @IsIn(['corporation', 'individual']) entityType!: 'corporation' | 'individual';
  @ApiPropertyOptional({ enum: ['active', 'dormant', 'closed'] }) @Label('状態') @IsOptional() @IsIn(['active', 'dormant', 'closed']) status?: 'active' | 'dormant' | 'closed';
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(1000) notes?: string | null;
}

export class UpdateVendorDto {
  @ApiPropertyOptional() @Label('法人番号') @IsOptional() @IsCorporateNumber() corporateNumber?: string | null;
  @ApiPropertyOptional() @Label('登録番号（インボイス）') @IsOptional() @IsInvoiceNumber() invoiceNumber?: string | null;
  @ApiPropertyOptional() @Label('商号又は名称') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional() @Label('フリガナ') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^[\u30a0-\u30ff\uff66-\uff9f\s\u3000・ー（）()A-Za-z0-9]+$/) nameKana?: string;
  @ApiPropertyOptional() @Label('代表者役職') @IsOptional() @IsString() @MaxLength(30) representativeTitle?: string | null;
  @ApiPropertyOptional() @Label('代表者氏名') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(50) representativeName?: string;
  @ApiPropertyOptional() @Label('郵便番号') @IsOmittable() @IsPostalCode() postalCode?: string;
  @ApiPropertyOptional() @Label('所在地') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(200) address?: string;
  @ApiPropertyOptional() @Label('電話番号') @IsOmittable() @IsPhone() phone?: string;
  @ApiPropertyOptional() @Label('FAX番号') @IsOptional() @IsPhone() fax?: string | null;
  @ApiPropertyOptional() @Label('メールアドレス') @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional() @Label('地域区分') @IsOmittable() @IsIn(LOCALITY_CODES) locality?: 'local' | 'semiLocal' | 'outside';
  @ApiPropertyOptional() @Label('資本金（円）') @IsOptional() @IsInt() @Min(0) @Max(999_999_999_999_999) capital?: number | null;
  @ApiPropertyOptional() @Label('法人・個人') @IsOmittable() @IsIn(['corporation', 'individual']) entityType?: 'corporation' | 'individual';
  @ApiPropertyOptional() @Label('状態') @IsOmittable() @IsIn(['active', 'dormant', 'closed']) status?: 'active' | 'dormant' | 'closed';
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(1000) notes?: string | null;
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class VendorListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Label('地域区分') @IsOptional() @IsIn(LOCALITY_CODES) locality?: string;
  @ApiPropertyOptional() @Label('状態') @IsOptional() @IsIn(['active', 'dormant', 'closed']) status?: string;
  @ApiPropertyOptional() @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode?: string;
}

export class OfficeDto {
  @Label('営業所名') @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @Label('郵便番号') @IsOptional() @IsPostalCode() postalCode?: string | null;
  @Label('所在地') @IsOptional() @IsString() @MaxLength(200) address?: string | null;
  @Label('電話番号') @IsOptional() @IsPhone() phone?: string | null;
  @Label('受任者') @IsOptional() @IsBoolean() isDelegate?: boolean;
  @Label('受任者役職') @IsOptional() @IsString() @MaxLength(30) delegateTitle?: string | null;
  @Label('受任者氏名') @IsOptional() @IsString() @MaxLength(50) delegateName?: string | null;
}

export class PermitDto {
  @Label('業種') @IsString() @Matches(/^\d{3}$/) tradeCode!: string;
  @Label('許可者') @IsIn(['minister', 'governor']) issuer!: 'minister' | 'governor';
  @Label('許可都道府県') @IsOptional() @IsString() @MaxLength(10) issuerPrefecture?: string | null;
  @Label('特定・一般') @IsIn(['special', 'general']) grade!: 'special' | 'general';
  @Label('許可番号') @IsString() @IsNotEmpty() @MaxLength(30) permitNumber!: string;
  @Label('許可年月日') @IsDateString({ strict: true }) permitDate!: string;
  @Label('有効期限') @IsDateString({ strict: true }) expiresOn!: string;
}

export class KeishinScoreDto {
  @Label('業種') @IsString() @Matches(/^\d{3}$/) tradeCode!: string;
  @Label('X1（完成工事高）') @IsInt() @Min(0) @Max(3000) x1!: number;
  @Label('Z（技術力）') @IsInt() @Min(0) @Max(3000) z!: number;
}

export class KeishinDto {
  @Label('審査基準日') @IsDateString({ strict: true }) baseDate!: string;
  @Label('通知日') @IsOptional() @IsDateString({ strict: true }) noticeDate?: string | null;
  @Label('許可番号') @IsOptional() @IsString() @MaxLength(30) permitNumber?: string | null;
  @Label('X2（自己資本額・利益額）') @IsInt() @Min(0) @Max(3000) x2!: number;
  @Label('Y（経営状況）') @IsInt() @Min(0) @Max(3000) y!: number;
  @Label('W（その他の審査項目）') @IsInt() @Min(-3000) @Max(3000) w!: number;
  @Label('業種別評点') @IsArray() @ArrayMinSize(1) @ArrayMaxSize(29) @ValidateNested({ each: true }) @Type(() => KeishinScoreDto) scores!: KeishinScoreDto[];
}

export class SubjectivePointDto {
  @Label('主観点項目') @IsString() @MaxLength(20) code!: string;
  @Label('主観点') @IsInt() @Min(-1000) @Max(1000) points!: number;
  @Label('主観点項目名') @IsOptional() @IsString() @MaxLength(150) name?: string;
}

export class QualificationDto {
  @Label('部門') @IsIn(['construction', 'survey', 'goods']) category!: string;
  @Label('業種') @IsString() @IsNotEmpty() @MaxLength(10) tradeCode!: string;
  @Label('有効期間') @IsString() @IsNotEmpty() @MaxLength(20) termCode!: string;
  @Label('等級') @IsOptional() @IsString() @Matches(/^[A-Z]{1,2}$/) rank?: string | null;
  @Label('主観点内訳') @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => SubjectivePointDto) subjectiveBreakdown?: SubjectivePointDto[] | null;
}

const MEASURE_CODES = MEASURE_KINDS.map((m) => m.code);
export class MeasureDto {
  @Label('措置の種類') @IsIn(MEASURE_CODES) kind!: string;
  @Label('開始日') @IsDateString({ strict: true }) startDate!: string;
  @Label('終了日') @IsOptional() @IsDateString({ strict: true }) endDate?: string | null;
  @Label('理由') @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
  @Label('根拠') @IsOptional() @IsString() @MaxLength(200) basis?: string | null;
}

export class ContactDto {
  @Label('担当者氏名') @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @Label('部署') @IsOptional() @IsString() @MaxLength(50) department?: string | null;
  @Label('電話番号') @IsOptional() @IsPhone() phone?: string | null;
  @Label('メールアドレス') @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
}

export class AttachmentDto {
  @Label('ファイル') @IsInt() @Min(1) fileId!: number;
  @Label('書類名') @IsString() @IsNotEmpty() @MaxLength(100) label!: string;
}
