import type { Config } from "@react-router/dev/config";

export default {
  // Server-rendered: pages work before (and without) JavaScript, and loaders stay on the server.
  ssr: true,
  // NURI_BUILD_DIR (a directory name under app/) lets two builds of one checkout coexist,
  // e.g. two browser test runs side by side; the server reads the same variable.
  buildDirectory: process.env.NURI_BUILD_DIR || "build",
} satisfies Config;
