import type { MessageKey } from "@nuri/i18n";

// The agency's contacts (기관 정보) as the 결문 prints them, and their limits: shared by the
// service (agency-contacts.server.ts) and the administrator's page.

export interface AgencyContacts {
  postalCode: string;
  address: string;
  homepage: string;
  phone: string;
  fax: string;
  /** 발신명의; "" means "<기관명>장". */
  senderTitle: string;
}

export const AGENCY_CONTACT_FIELDS = [
  "postalCode",
  "address",
  "homepage",
  "phone",
  "fax",
  "senderTitle",
] as const;

/** 044-205-1234, 02-2100-3000: the 전화 and 전송 numbers as the 결문 prints them. */
const TELEPHONE = /^[0-9]{2,4}-[0-9]{3,4}-[0-9]{4}$/;

/** Each field's limit and shape; an empty value is always allowed (it prints nothing). */
export const AGENCY_CONTACT_RULES: Record<
  keyof AgencyContacts,
  { maxLength: number; pattern?: RegExp; messageKey: MessageKey }
> = {
  postalCode: { maxLength: 5, pattern: /^[0-9]{5}$/, messageKey: "org.contacts.error.postalCode" },
  address: { maxLength: 200, messageKey: "org.contacts.error.address" },
  homepage: { maxLength: 200, pattern: /^https?:\/\/\S+$/, messageKey: "org.contacts.error.homepage" },
  phone: { maxLength: 14, pattern: TELEPHONE, messageKey: "org.contacts.error.phone" },
  fax: { maxLength: 14, pattern: TELEPHONE, messageKey: "org.contacts.error.fax" },
  senderTitle: { maxLength: 60, messageKey: "org.contacts.error.senderTitle" },
};
