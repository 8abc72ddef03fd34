import { index, prefix, type RouteConfig, route } from "@react-router/dev/routes";

/** The tenant administrator's pages under /t/:tenant/admin: org chart, people, import, audit log,
 * document policy, 기관 정보 (the 결문's contacts), 전자결재 forms and 위임전결 규정. */
export const orgAdminRoutes = [
  ...prefix("admin", [
    index("routes/org/admin-home.tsx"),
    route("departments", "routes/org/departments.tsx"),
    route("positions", "routes/org/positions.tsx"),
    route("people", "routes/org/people.tsx"),
    route("people/new", "routes/org/person-new.tsx"),
    route("people/import", "routes/org/people-import.tsx"),
    route("people/import/template.csv", "routes/org/import-template.ts"),
    route("people/:personId", "routes/org/person.tsx"),
    route("audit", "routes/org/audit.tsx"),
    route("document-policy", "routes/org/document-policy.tsx"),
    route("agency", "routes/org/agency-contacts.tsx"),
    route("messaging", "routes/org/messaging-admin.tsx"),
    route("messaging/channels/:channelId/export.json", "routes/org/messaging-export.ts"),
    // 전자결재: the agency's forms and 위임전결 규정 (the pages live with the other approvals pages).
    route("approvals/forms", "routes/approvals/admin-forms.tsx"),
    route("approvals/delegation", "routes/approvals/admin-delegation.tsx"),
  ]),
] satisfies RouteConfig;
