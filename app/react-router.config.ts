import type { Config } from "@react-router/dev/config";

export default {
  // Server-rendered: pages work before (and without) JavaScript, and loaders stay on the server.
  ssr: true,
} satisfies Config;
