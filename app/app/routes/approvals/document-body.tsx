import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslator } from "../../i18n.ts";

// The body of an approval: the same live editor as the documents (Yjs, the collab-server),
// connected to the approval's body with tickets from the approval's own ticket route, so that
// the approval's rules decide who writes (공동기안 while drafting, an approver amending before
// signing) and who reads. Images are not offered: the documents' image store is not the
// approval's. A completed body is frozen and shown as it was signed.

const CollabEditor = lazy(() => import("../../components/editor/collab-editor.tsx"));

// The approval page has no comments panel to anchor.
const ignoreAnchors = () => {};

export function ApprovalBody({
  tenant,
  bodyDocumentId,
  ticketUrl,
  me,
  html,
  mode,
}: {
  tenant: { id: string; slug: string };
  bodyDocumentId: string;
  ticketUrl: string;
  me: { id: string; name: string; colorIndex: number };
  /** The body as last projected (or frozen), shown until the live text has arrived. */
  html: string;
  /** live-edit / live-read: the live editor; frozen: the signed body, no editor. */
  mode: "live-edit" | "live-read" | "frozen";
}) {
  const t = useTranslator();
  // ProseMirror needs a browser: the editor mounts after hydration, never on the server.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const stored = html ? (
    <div
      className="doc-prose approval-body__stored"
      // Written by the collab-server's projection (or frozen from it at completion): escaped text
      // and allow-listed elements only.
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by packages/collab/src/projection.ts
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <p className="approval-body__empty">{t("approvals.page.body.empty")}</p>
  );

  if (mode === "frozen") {
    return (
      <div className="approval-body">
        <p className="approval-hint">{t("approvals.page.body.frozen")}</p>
        {stored}
      </div>
    );
  }
  const fallback = (
    <div className="doc-fallback">
      <p className="doc-fallback__note">{t("approvals.page.body.loading")}</p>
      {stored}
    </div>
  );
  return (
    <div className="approval-body">
      {hydrated ? (
        <Suspense fallback={fallback}>
          <CollabEditor
            tenantId={tenant.id}
            tenantSlug={tenant.slug}
            documentId={bodyDocumentId}
            role={mode === "live-edit" ? "editor" : "reader"}
            me={me}
            fallback={fallback}
            onAnchors={ignoreAnchors}
            ticketUrl={ticketUrl}
            images={false}
          />
        </Suspense>
      ) : (
        fallback
      )}
    </div>
  );
}
