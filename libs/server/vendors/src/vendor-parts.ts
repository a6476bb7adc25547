import { ObjectLiteral } from 'typeorm';
import { AttachmentDto, ContactDto, KeishinDto, MeasureDto, OfficeDto, PermitDto, QualificationDto } from './dto/vendor.dto';
import {
  KeishinResult, Qualification, VendorAttachment, VendorContact, VendorMeasure, VendorOffice, VendorPermit,
} from './entities/vendor-parts.entities';

export interface PartDefinition {
  entity: new () => ObjectLiteral & { id: number; vendorId: number; version: number };
  dto: new () => object;
  label: string;
  order: Record<string, 'ASC' | 'DESC'>;
}

/** The parts of a vendor, each a list under /api/vendors/:id/<part>. */
export const VENDOR_PARTS = {
  offices: { entity: VendorOffice, dto: OfficeDto, label: '営業所', order: { id: 'ASC' } },
  permits: { entity: VendorPermit, dto: PermitDto, label: '建設業許可', order: { tradeCode: 'ASC', id: 'ASC' } },
  keishin: { entity: KeishinResult, dto: KeishinDto, label: '経審結果', order: { baseDate: 'DESC', id: 'DESC' } },
  qualifications: { entity: Qualification, dto: QualificationDto, label: '入札参加資格', order: { termCode: 'DESC', category: 'ASC', tradeCode: 'ASC' } },
  measures: { entity: VendorMeasure, dto: MeasureDto, label: '措置', order: { startDate: 'DESC', id: 'DESC' } },
  contacts: { entity: VendorContact, dto: ContactDto, label: '担当者', order: { id: 'ASC' } },
  attachments: { entity: VendorAttachment, dto: AttachmentDto, label: '添付書類', order: { id: 'ASC' } },
} satisfies Record<string, PartDefinition>;

export type PartName = keyof typeof VENDOR_PARTS;
export const PART_NAMES = Object.keys(VENDOR_PARTS) as PartName[];

export function isPartName(value: string): value is PartName {
  return (PART_NAMES as string[]).includes(value);
}
