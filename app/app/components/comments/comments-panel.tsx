import type { CommentsPanelProps } from "./contract.ts";

/** The document's comment threads beside the editor (built in the comments work). */
export function CommentsPanel(_props: CommentsPanelProps) {
  return null;
}
