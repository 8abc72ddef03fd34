import { Fragment } from "react";
import { type Block, type Inline, parseMessage } from "./message-markdown.ts";

/** A message's body as elements (never as an HTML string): the safe Markdown subset. */
export function MessageBody({ body, mentionNames }: { body: string; mentionNames: readonly string[] }) {
  const names = new Set(mentionNames);
  const blocks = parseMessage(
    body,
    (name) => names.has(name) || ["channel", "채널", "모두", "all"].includes(name),
  );
  return (
    <div className="message-body">
      {blocks.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity beyond their place
        <BlockView key={index} block={block} />
      ))}
    </div>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case "paragraph":
      return (
        <p>
          <Inlines nodes={block.children} />
        </p>
      );
    case "code":
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case "quote":
      return (
        <blockquote>
          <Inlines nodes={block.children} />
        </blockquote>
      );
    case "list":
      return (
        <ul>
          {block.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
            <li key={index}>
              <Inlines nodes={item} />
            </li>
          ))}
        </ul>
      );
  }
}

function Inlines({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: inline runs have no identity beyond their place
        <Fragment key={index}>{renderInline(node)}</Fragment>
      ))}
    </>
  );
}

function renderInline(node: Inline): React.ReactNode {
  switch (node.type) {
    case "text":
      return node.text;
    case "break":
      return <br />;
    case "code":
      return <code>{node.text}</code>;
    case "strong":
      return (
        <strong>
          <Inlines nodes={node.children} />
        </strong>
      );
    case "em":
      return (
        <em>
          <Inlines nodes={node.children} />
        </em>
      );
    case "strike":
      return (
        <s>
          <Inlines nodes={node.children} />
        </s>
      );
    case "link":
      return (
        <a href={node.href} target="_blank" rel="noopener noreferrer nofollow">
          <Inlines nodes={node.children} />
        </a>
      );
    case "mention":
      return <span className="message-mention">@{node.name}</span>;
  }
}
