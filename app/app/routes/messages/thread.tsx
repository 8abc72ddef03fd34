import { translate } from "@nuri/i18n";
import { Link, useFetcher, useOutletContext, useParams } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listMessages } from "../../services/messaging/messages.server.ts";
import type { Route } from "./+types/thread";
import type { MessagingOutletContext } from "./layout.tsx";
import { Composer, MessageItem } from "./message-ui.tsx";
import { orNotFound, requireMessagingActor } from "./messaging-route.server.ts";

// /t/:tenant/messages/:channelId/threads/:messageId: a message and the replies to it, the
// composer for a reply, and following the thread. Every form posts to the channel page's action.

export function meta({ loaderData, matches }: Route.MetaArgs): Route.MetaDescriptors {
  const title = loaderData?.page.channel.title ?? "";
  return [{ title: translate(localeFromMatches(matches), "messaging.thread.metaTitle", { title }) }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const page = await orNotFound(() =>
    listMessages(actor, params.channelId, { threadRootId: params.messageId }),
  );
  return { page };
}

export default function Thread({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const { page } = loaderData;
  const { channel, membership, thread } = page;
  const live = useOutletContext<MessagingOutletContext>();
  const follow = useFetcher();
  const { tenant } = useParams();
  const channelPath = `/t/${tenant}/messages/${channel.id}`;
  if (!thread) return null;
  const mayReply = membership !== null && !channel.archived;
  const item = (message: (typeof page.messages)[number]) => (
    <MessageItem
      key={message.id}
      actionPath={channelPath}
      threadPath={null}
      message={message}
      isMember={membership !== null}
      isManager={membership?.role === "manager"}
      myId={live.userId}
      firstUnread={false}
      archived={channel.archived}
    />
  );
  return (
    <div className="messenger-thread">
      <p>
        <Link to={channelPath}>{t("messaging.thread.back", { title: channel.title })}</Link>
      </p>
      <h1>{t("messaging.thread.heading")}</h1>
      <ol className="message-list" aria-label={t("messaging.thread.heading")}>
        {item(thread.root)}
      </ol>
      {membership !== null ? (
        <follow.Form method="post" action={channelPath} className="messenger-follow">
          <input type="hidden" name="intent" value="follow" />
          <input type="hidden" name="messageId" value={thread.root.id} />
          <input type="hidden" name="following" value={thread.following ? "false" : "true"} />
          <span>
            {thread.following ? t("messaging.thread.following") : t("messaging.thread.notFollowing")}
          </span>{" "}
          <button type="submit" className="org-button org-button--secondary">
            {thread.following ? t("messaging.thread.unfollow") : t("messaging.thread.follow")}
          </button>
        </follow.Form>
      ) : null}
      <h2>{t("messaging.thread.replies")}</h2>
      {page.messages.length === 0 ? (
        <p>{t("messaging.thread.noReplies")}</p>
      ) : (
        <ol className="message-list" aria-label={t("messaging.thread.replies")}>
          {page.messages.map(item)}
        </ol>
      )}
      {mayReply ? (
        <Composer actionPath={channelPath} channelId={channel.id} threadRootId={thread.root.id} />
      ) : null}
    </div>
  );
}
