export * from "./control-plane.ts";
export * from "./org.ts";
