import { type RouteConfig, route } from "@react-router/dev/routes";

/** Routes of the documents history work (versions, exports, images), under /t/:tenant/documents. */
export const historyRoutes = [
  route(":documentId/history", "routes/documents/history.tsx"),
  route(":documentId/history/:versionId", "routes/documents/version.tsx"),
  route(":documentId/export/:format", "routes/documents/export.ts"),
  route(":documentId/images", "routes/documents/images-upload.ts"),
  route(":documentId/images/:imageId", "routes/documents/images-serve.ts"),
] satisfies RouteConfig;
