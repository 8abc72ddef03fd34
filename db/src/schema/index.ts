export * from "./approvals.ts";
export * from "./auth.ts";
export * from "./control-plane.ts";
export * from "./documents.ts";
export * from "./messaging.ts";
export * from "./org.ts";
