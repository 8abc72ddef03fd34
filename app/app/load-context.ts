// What server.ts hands every loader and the document renderer. Optional throughout: the Vite
// dev server (`react-router dev`) passes no context, and serves no CSP to match.
declare module "react-router" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce; React Router puts it on its inline scripts. */
    cspNonce?: string;
    /** The client's IP address as Express sees it (NURI_TRUST_PROXY=1 behind a proxy). */
    clientIp?: string | null;
  }
}

export {};
