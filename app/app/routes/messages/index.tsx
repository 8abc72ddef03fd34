import { formatNumber, translate } from "@nuri/i18n";
import { data, Form, redirect, useActionData, useNavigation } from "react-router";
import { z } from "zod";
import { useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import {
  createChannel,
  joinChannel,
  listJoinableChannels,
  listPeople,
  openConversation,
} from "../../services/messaging/channels.server.ts";
import { canStartConversations, MESSAGING_LIMITS } from "../../services/messaging/messaging-limits.ts";
import type { Route } from "./+types/index";
import { answer, type MessagingResult, requireMessagingActor } from "./messaging-route.server.ts";

// /t/:tenant/messages: open a channel (public or private, or an announcement channel), find
// public channels to join, or start a conversation with one or several people.

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const mayStart = canStartConversations(actor.role);
  return {
    joinable: await listJoinableChannels(actor),
    people: mayStart ? await listPeople(actor) : [],
    mayStart,
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string().max(1000),
    topic: z.string().max(1000).optional(),
    visibility: z.enum(["public", "private"]),
    announcement: z.literal("on").optional(),
  }),
  z.object({ intent: z.literal("join"), channelId: z.string().uuid() }),
  z.object({ intent: z.literal("direct"), people: z.array(z.string().uuid()).max(100) }),
]);

export async function action({ request, params }: Route.ActionArgs) {
  const { actor, tenant } = await requireMessagingActor(request, params);
  const { locale } = resolveLocale(request);
  const form = await request.formData();
  const parsed = ActionSchema.safeParse({ ...Object.fromEntries(form), people: form.getAll("people") });
  if (!parsed.success) {
    return data<MessagingResult>(
      { ok: false, error: translate(locale, "messaging.error.form") },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const base = `/t/${tenant.slug}/messages`;
  return answer(locale, async () => {
    if (input.intent === "create") {
      const id = await createChannel(actor, {
        kind: input.visibility,
        name: input.name,
        topic: input.topic,
        announcement: input.announcement === "on",
      });
      throw redirect(`${base}/${id}`);
    }
    if (input.intent === "join") {
      await joinChannel(actor, input.channelId);
      throw redirect(`${base}/${input.channelId}`);
    }
    const id = await openConversation(actor, input.people);
    throw redirect(`${base}/${id}`);
  });
}

export default function MessagesIndex({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="messenger-index">
      <h1>{t("messaging.heading")}</h1>
      <p>{t("messaging.emptyLead")}</p>
      {result && !result.ok ? (
        <p className="org-notice org-notice--error" role="alert">
          {result.error}
        </p>
      ) : null}
      {loaderData.mayStart ? (
        <section aria-labelledby="new-channel">
          <h2 id="new-channel">{t("messaging.create.heading")}</h2>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="create" />
            <div className="org-field">
              <label htmlFor="channel-name">{t("messaging.create.name")}</label>
              <input
                id="channel-name"
                name="name"
                required
                maxLength={MESSAGING_LIMITS.channelNameChars}
                aria-describedby="channel-name-hint"
              />
              <p id="channel-name-hint" className="org-field__hint">
                {t("messaging.create.nameHint", { max: MESSAGING_LIMITS.channelNameChars })}
              </p>
            </div>
            <div className="org-field">
              <label htmlFor="channel-topic">{t("messaging.create.topic")}</label>
              <input id="channel-topic" name="topic" maxLength={MESSAGING_LIMITS.topicChars} />
            </div>
            <fieldset className="org-field">
              <legend>{t("messaging.create.visibility")}</legend>
              <label>
                <input type="radio" name="visibility" value="public" defaultChecked />{" "}
                {t("messaging.create.public")}
              </label>
              <label>
                <input type="radio" name="visibility" value="private" /> {t("messaging.create.private")}
              </label>
            </fieldset>
            <label>
              <input type="checkbox" name="announcement" /> {t("messaging.create.announcement")}
            </label>
            <p>
              <button type="submit" className="org-button" disabled={busy}>
                {t("messaging.create.submit")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="join-channels">
        <h2 id="join-channels">{t("messaging.join.heading")}</h2>
        {loaderData.joinable.length === 0 ? (
          <p>{t("messaging.join.none")}</p>
        ) : (
          <ul className="messenger-joinable">
            {loaderData.joinable.map((channel) => (
              <li key={channel.id}>
                <Form method="post" className="org-inline-form">
                  <input type="hidden" name="intent" value="join" />
                  <input type="hidden" name="channelId" value={channel.id} />
                  <span className="messenger-joinable__name"># {channel.name}</span>
                  {channel.topic ? <span className="messenger-joinable__topic">{channel.topic}</span> : null}
                  <span className="messenger-joinable__members">
                    {t("messaging.join.members", { count: formatNumber(channel.members, locale) })}
                  </span>
                  <button
                    type="submit"
                    className="org-button org-button--secondary"
                    aria-label={`${t("messaging.join.submit")}: ${channel.name}`}
                  >
                    {t("messaging.join.submit")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      {loaderData.mayStart ? (
        <section aria-labelledby="new-conversation">
          <h2 id="new-conversation">{t("messaging.direct.heading")}</h2>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="direct" />
            <div className="org-field">
              <label htmlFor="conversation-people">{t("messaging.direct.people")}</label>
              <select
                id="conversation-people"
                name="people"
                multiple
                required
                size={Math.min(8, Math.max(3, loaderData.people.length))}
                aria-describedby="conversation-people-hint"
              >
                {loaderData.people.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
              <p id="conversation-people-hint" className="org-field__hint">
                {t("messaging.direct.hint", { max: MESSAGING_LIMITS.groupMembers })}
              </p>
            </div>
            <p>
              <button type="submit" className="org-button" disabled={busy}>
                {t("messaging.direct.submit")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
