import { Server } from "@hocuspocus/server";

// A plain Hocuspocus: no extensions, documents in memory only. HOST and PORT as for the
// y-websocket reference server. Started by bench/collab/main.ts in its own process. Plain
// JavaScript, run by node itself like the other two servers, so that no TypeScript loader
// adds to its memory or CPU.

const server = new Server({
  address: process.env.HOST || "127.0.0.1",
  port: Number(process.env.PORT || 1234),
  quiet: true,
  stopOnSignals: true,
});
await server.listen();
console.log(`hocuspocus listening on ${server.httpURL}`);
