export { BODY } from "./body.ts";
export { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice, sendCollabNotice } from "./notice.ts";
export { escapeHtml, MAX_PROJECTION_CHARS, type Projection, projectDocument } from "./projection.ts";
export { restoreUpdate } from "./restore.ts";
export { compactState, docFromState } from "./state.ts";
