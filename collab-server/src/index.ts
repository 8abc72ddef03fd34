export { type CollabServer, type CollabServerOptions, createCollabServer } from "./server.ts";
