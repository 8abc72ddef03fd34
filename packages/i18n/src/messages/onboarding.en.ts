import type { onboardingKo } from "./onboarding.ko.ts";

export const onboardingEn: Record<keyof typeof onboardingKo, string> = {
  "onboarding.form.required": "(required)",
  "onboarding.form.errorSummary": "Please check what you entered: {count} fields need attention.",

  "onboarding.apply.metaTitle": "Apply for Nuri — Nuri",
  "onboarding.apply.heading": "Apply for Nuri",
  "onboarding.apply.lead":
    "Agencies and schools apply here. Once an operator approves the application, the first administrator receives a link to set up their account.",
  "onboarding.apply.section.agency": "Agency",
  "onboarding.apply.section.contact": "Contact person",
  "onboarding.apply.section.admin": "First administrator",
  "onboarding.apply.section.admin.hint":
    "Once approved, this person signs in as the agency's administrator and adds departments and people.",
  "onboarding.apply.submit": "Apply",
  "onboarding.apply.rateLimited":
    "Too many applications came from this address. Please apply again in an hour.",

  "onboarding.field.name": "Agency name",
  "onboarding.field.kind": "Kind",
  "onboarding.field.agencyCode": "Agency code",
  "onboarding.field.agencyCode.hint":
    "The 7-digit administrative standard code. Leave empty if there is none.",
  "onboarding.field.slug": "Nuri address",
  "onboarding.field.slug.hint":
    "2–40 lower-case letters, digits and hyphens. The agency's pages will live at /t/<address>.",
  "onboarding.field.contactName": "Contact name",
  "onboarding.field.contactEmail": "Contact email",
  "onboarding.field.contactPhone": "Contact phone",
  "onboarding.field.contactPhone.hint": "For example 02-123-4567 or 010-1234-5678",
  "onboarding.field.adminName": "Administrator's name",
  "onboarding.field.adminLoginId": "Administrator's login ID",
  "onboarding.field.adminLoginId.hint":
    "3–64 lower-case letters, digits, dots (.), underscores (_) and hyphens (-).",
  "onboarding.field.adminEmail": "Administrator's email",
  "onboarding.field.adminEmail.hint": "The account set-up link goes to this address.",

  "onboarding.kind.agency": "Agency",
  "onboarding.kind.school": "School",

  "onboarding.error.required": "Please fill this in.",
  "onboarding.error.tooLong50": "Please use at most 50 characters.",
  "onboarding.error.tooLong100": "Please use at most 100 characters.",
  "onboarding.error.email": "This is not a valid email address.",
  "onboarding.error.agencyCode": "The agency code has exactly 7 digits.",
  "onboarding.error.kind": "Please choose agency or school.",
  "onboarding.error.slug":
    "Use 2–40 lower-case letters, digits and hyphens, not starting or ending with a hyphen.",
  "onboarding.error.slugDigits": "Seven digits read as an agency code, so they cannot be an address.",
  "onboarding.error.phone": "This is not a valid phone number. For example 02-123-4567 or 010-1234-5678.",
  "onboarding.error.loginId":
    "Use 3–64 lower-case letters, digits, dots, underscores and hyphens, starting and ending with a letter or digit.",
  "onboarding.error.slugTaken": "This address is already in use. Please choose another.",
  "onboarding.error.agencyCodeTaken": "This agency code is already in use. Please check it.",
  "onboarding.error.reasonRequired": "Please give a reason for the rejection.",
  "onboarding.error.reasonTooLong": "Please keep the reason within 500 characters.",
  "onboarding.error.alreadyDecided":
    "This application has already been decided. Reload the page to see the outcome.",
  "onboarding.error.notFound": "Application not found.",
  "onboarding.error.unknownAction": "Unknown request.",

  "onboarding.received.metaTitle": "Application received — Nuri",
  "onboarding.received.heading": "Your application has been received",
  "onboarding.received.body": "A Nuri operator will review it.",
  "onboarding.received.nextHeading": "What happens next",
  "onboarding.received.step1": "An operator reviews the application and approves or rejects it.",
  "onboarding.received.step2": "Once approved, the first administrator receives an account set-up link.",
  "onboarding.received.step3":
    "The administrator chooses a password, signs in and adds departments and people.",
  "onboarding.received.home": "Go to the home page",

  "onboarding.status.all": "All",
  "onboarding.status.pending": "Pending",
  "onboarding.status.approved": "Approved",
  "onboarding.status.rejected": "Rejected",

  "onboarding.platform.nav": "Operator console",
  "onboarding.platform.consoleName": "Nuri operator console",
  "onboarding.platform.signedInAs": "Signed in as {name}",
  "onboarding.platform.signOut": "Sign out",

  "onboarding.platform.signIn.metaTitle": "Operator sign-in — Nuri",
  "onboarding.platform.signIn.heading": "Operator sign-in",
  "onboarding.platform.signIn.lead":
    "For Nuri platform operators only. People of an agency sign in on their agency's sign-in page.",
  "onboarding.platform.signIn.loginId": "Operator login ID",
  "onboarding.platform.signIn.password": "Password",
  "onboarding.platform.signIn.submit": "Sign in",
  "onboarding.platform.signIn.missing": "Please enter your login ID and password.",
  "onboarding.platform.signIn.failed":
    "Could not sign in. Please check your login ID and password. After several wrong attempts, sign-in is blocked for 15 minutes.",
  "onboarding.platform.signIn.rateLimited": "Too many sign-in attempts. Please try again later.",

  "onboarding.platform.list.metaTitle": "Applications — Nuri operator console",
  "onboarding.platform.list.heading": "Applications",
  "onboarding.platform.list.filter": "Status",
  "onboarding.platform.list.apply": "Show",
  "onboarding.platform.list.empty": "No applications match.",
  "onboarding.platform.list.caption": "Applications, pending ones first.",
  "onboarding.platform.list.received": "Received",
  "onboarding.platform.list.status": "Status",
  "onboarding.platform.list.reason": "Reason: {reason}",

  "onboarding.platform.detail.metaTitle": "Application — Nuri operator console",
  "onboarding.platform.detail.heading": "Application of {name}",
  "onboarding.platform.detail.back": "Back to applications",
  "onboarding.platform.detail.none": "None",
  "onboarding.platform.detail.decided": "Decided",
  "onboarding.platform.detail.decidedBy": "{time}, by {name}",
  "onboarding.platform.detail.reason": "Reason for rejection",
  "onboarding.platform.detail.approveHeading": "Approve",
  "onboarding.platform.detail.approveHelp":
    "Approving opens the agency with default departments, positions and ranks, and creates the first administrator's account.",
  "onboarding.platform.detail.approve": "Approve",
  "onboarding.platform.detail.rejectHeading": "Reject",
  "onboarding.platform.detail.reasonLabel": "Reason for rejection",
  "onboarding.platform.detail.reject": "Reject",
  "onboarding.platform.detail.rejectedNotice": "The application has been rejected.",

  "onboarding.platform.setup.heading": "Approved: the first administrator's set-up link",
  "onboarding.platform.setup.mailed": "The set-up link has been emailed to {email}.",
  "onboarding.platform.setup.notMailed":
    "This server has no mail delivery configured, so no email was actually sent to {email}. Please hand the link below to the administrator yourself, by a safe channel. Where mail delivery is configured, this link is emailed to the administrator.",
  "onboarding.platform.setup.label": "Set-up link",
  "onboarding.platform.setup.hint":
    "It works once and until {time}. It cannot be shown again after you leave this page.",

  "onboarding.mail.setupSubject": "[Nuri] Set up the administrator account of {tenant}",
  "onboarding.mail.setupBody":
    "Hello {name},\n\nThe application of {tenant} for Nuri has been approved. Choose a password at the link below to sign in as its administrator.\n\n{url}\n\nThe link works once and for 72 hours. If you did not apply, please ignore this email.",
};
