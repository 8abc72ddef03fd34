import { type RouteConfig, route } from "@react-router/dev/routes";

/** Routes of the documents search work, under /t/:tenant/documents. */
export const searchRoutes = [route("search", "routes/documents/search.tsx")] satisfies RouteConfig;
