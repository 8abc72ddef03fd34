import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  build: {
    rollupOptions: {
      // The server bundle leaves @nuri/db to Node, which runs its TypeScript through tsx as it
      // runs server.ts. Bundled, it would drag in the embedded PostgreSQL's platform packages,
      // and server.ts and the routes would each hold a copy. (ssr.external cannot do this: Vite
      // externalizes only packages whose entry is JavaScript.)
      // @nuri/auth likewise: its argon2 is a native addon that no bundler can inline.
      external: isSsrBuild ? [/^@nuri\/(db|auth)(\/|$)/] : [],
    },
  },
}));
