import { type RouteConfig, route } from "@react-router/dev/routes";

/** Routes of the documents sharing work, under /t/:tenant/documents. */
export const sharingRoutes = [
  // the share page: owners and editors (readers and commenters get 403)
  route(":documentId/share", "routes/documents/share.tsx"),
  // JSON resource routes of the comments panel: threads (GET) and changes (POST)
  route(":documentId/comments", "routes/documents/comments.ts"),
  // the mention picker's people search, scoped to the tenant
  route(":documentId/comments/people", "routes/documents/comments-people.ts"),
] satisfies RouteConfig;
