import { index, prefix, type RouteConfig, route } from "@react-router/dev/routes";

/** The tenant administrator's pages under /t/:tenant/admin: org chart, people, import, audit log. */
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
  ]),
] satisfies RouteConfig;
