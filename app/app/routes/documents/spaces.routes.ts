import { index, layout, type RouteConfig, route } from "@react-router/dev/routes";

/**
 * Routes of the documents spaces work, under /t/:tenant/documents: the lists (내 문서, 부서 문서함,
 * 공유 문서함, 최근 문서, 중요 문서, 휴지통), folders, 새 문서, 서식 and a document's properties, in
 * one frame with the 문서함 menu.
 */
export const spacesRoutes = [
  layout("routes/documents/list-layout.tsx", [
    index("routes/documents/index.tsx"),
    route("departments", "routes/documents/list-departments.tsx"),
    route("departments/:departmentId", "routes/documents/list-department.tsx"),
    route("folders/:folderId", "routes/documents/folder.tsx"),
    route("shared", "routes/documents/list-shared.tsx"),
    route("recent", "routes/documents/list-recent.tsx"),
    route("starred", "routes/documents/list-starred.tsx"),
    route("trash", "routes/documents/trash.tsx"),
    route("new", "routes/documents/new.tsx"),
    route("templates", "routes/documents/templates.tsx"),
    route(":documentId/properties", "routes/documents/properties.tsx"),
  ]),
] satisfies RouteConfig;
