import { formatDateTime, formatNumber, translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { z } from "zod";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { listChannelsForAdmin } from "../../services/messaging/export-channel.server.ts";
import { RETENTION_LIMITS } from "../../services/messaging/messaging-limits.ts";
import { readRetentionPolicy, setRetentionPolicy } from "../../services/messaging/retention.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/messaging-admin";
import { intentHandler, refuse, requireAdminContext, translateKey } from "./admin-context.server.ts";
import { ActionNotice, AdminBreadcrumb } from "./org-ui.tsx";

// /t/:tenant/admin/messaging — the administrator's 메시지 관리: how long the agency keeps
// messages (forever by default, or a number of days), and the export of any channel or
// conversation for the agency's records. Both are audited.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "messaging.admin.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant, ctx } = await requireAdminContext(request, params, context);
  return {
    policy: await readRetentionPolicy(db, tenant.id),
    channels: await listChannelsForAdmin(ctx),
    slug: tenant.slug,
  };
}

const RetentionSchema = z
  .object({
    keep: z.enum(["forever", "days"], { error: "org.field.invalidChoice" }),
    days: z.string().optional(),
  })
  // The number itself is checked by the service, whose refusal names the limits.
  .transform((input) => ({ days: input.keep === "forever" ? null : Number(input.days ?? "") }));

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireAdminContext(request, params, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent !== "retention")
    return refuse(intent, form, { formError: translateKey(locale, "org.error.form") });
  return intentHandler(
    intent,
    form,
    locale,
  )(RetentionSchema, async (input) => {
    const changed = await setRetentionPolicy(ctx, input);
    return {
      ok: true,
      intent,
      notice: translate(locale, changed ? "messaging.retention.saved" : "messaging.retention.unchanged"),
    };
  });
}

export default function MessagingAdmin({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const { policy, channels, slug } = loaderData;
  const daysError = result && !result.ok ? result.fieldErrors?.days : undefined;
  return (
    <div className="org-page">
      <AdminBreadcrumb current="messaging.admin.title" />
      <h1>{t("messaging.admin.title")}</h1>
      <p>{t("messaging.admin.lead")}</p>
      <ActionNotice result={result} />
      <section aria-labelledby="retention-heading" className="org-panel">
        <h2 id="retention-heading">{t("messaging.retention.heading")}</h2>
        <p>
          {policy.days === null
            ? t("messaging.retention.currentForever")
            : t("messaging.retention.currentDays", { days: formatNumber(policy.days, locale) })}
        </p>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="retention" />
          <fieldset className="org-field">
            <legend>{t("messaging.retention.heading")}</legend>
            <p>
              <input
                type="radio"
                id="keep-forever"
                name="keep"
                value="forever"
                defaultChecked={policy.days === null}
              />{" "}
              <label htmlFor="keep-forever">{t("messaging.retention.forever")}</label>
            </p>
            <p>
              <input
                type="radio"
                id="keep-days"
                name="keep"
                value="days"
                defaultChecked={policy.days !== null}
              />{" "}
              <label htmlFor="keep-days">{t("messaging.retention.days")}</label>
            </p>
          </fieldset>
          <div className="org-field">
            <label htmlFor="retention-days">{t("messaging.retention.daysLabel")}</label>
            <input
              id="retention-days"
              name="days"
              type="number"
              inputMode="numeric"
              min={RETENTION_LIMITS.minDays}
              max={RETENTION_LIMITS.maxDays}
              defaultValue={policy.days ?? 365}
              aria-describedby="retention-days-hint"
              aria-invalid={daysError ? true : undefined}
            />
            <p id="retention-days-hint" className="org-field__hint">
              {t("messaging.retention.hint", {
                min: RETENTION_LIMITS.minDays,
                max: formatNumber(RETENTION_LIMITS.maxDays, locale),
              })}
            </p>
            {daysError ? <p className="org-field__error">{daysError}</p> : null}
          </div>
          <button type="submit" className="org-button">
            {t("messaging.retention.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="export-heading" className="org-panel">
        <h2 id="export-heading">{t("messaging.export.heading")}</h2>
        <p>{t("messaging.export.lead")}</p>
        <table className="org-table">
          <caption className="visually-hidden">{t("messaging.export.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("messaging.export.channel")}</th>
              <th scope="col">{t("messaging.export.kind")}</th>
              <th scope="col">{t("messaging.export.members")}</th>
              <th scope="col">{t("messaging.export.messages")}</th>
              <th scope="col">{t("messaging.export.last")}</th>
              <th scope="col">{t("messaging.export.action")}</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => (
              <tr key={channel.id}>
                <th scope="row">
                  {channel.title}
                  {channel.archived ? ` (${t("messaging.archivedMark")})` : ""}
                </th>
                <td>
                  {t(
                    `messaging.kind.${channel.kind as "public" | "private" | "department" | "direct" | "group"}`,
                  )}
                </td>
                <td>{formatNumber(channel.members, locale)}</td>
                <td>{formatNumber(channel.messages, locale)}</td>
                <td>{channel.lastMessageAt ? formatDateTime(channel.lastMessageAt, locale) : "—"}</td>
                <td>
                  <a
                    href={`/t/${slug}/admin/messaging/channels/${channel.id}/export.json`}
                    download
                    aria-label={t("messaging.export.downloadOf", { title: channel.title })}
                  >
                    {t("messaging.export.download")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
