import { formatDateTime, type MessageKey, translate } from "@nuri/i18n";
import { data, Form, Link, useNavigation } from "react-router";
import { clientIp } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError, notFound } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { getMailer } from "../../mail/mailer.server.ts";
import { requireOperator } from "../../platform/guards.server.ts";
import { RejectionSchema } from "../../services/onboarding/application-schema.ts";
import { approveApplication } from "../../services/onboarding/approve-application.server.ts";
import { readApplication } from "../../services/onboarding/read-application.server.ts";
import { rejectApplication } from "../../services/onboarding/reject-application.server.ts";
import type { Route } from "./+types/platform-application";
import { FieldError } from "./form-fields.tsx";

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "onboarding.platform.detail.metaTitle") }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireOperator(request);
  const { db } = await getAppDatabase();
  const row = await readApplication(db, params.id);
  if (!row) throw notFound();
  const { application, tenant, decidedByName } = row;
  return {
    application: {
      id: application.id,
      status: application.status,
      contactName: application.contactName,
      contactEmail: application.contactEmail,
      contactPhone: application.contactPhone,
      adminName: application.adminName,
      adminLoginId: application.adminLoginId,
      adminEmail: application.adminEmail,
      createdAt: application.createdAt.toISOString(),
      decidedAt: application.decidedAt?.toISOString() ?? null,
      decisionReason: application.decisionReason,
      decidedByName,
    },
    tenant: { name: tenant.name, slug: tenant.slug, kind: tenant.kind, agencyCode: tenant.agencyCode },
  };
}

type ActionResult =
  | { intent: "approve"; setupUrl: string; adminEmail: string; mailDelivered: boolean; expiresAt: string }
  | { intent: "reject"; rejected: true }
  | { intent: "reject"; reason: string; reasonError: MessageKey }
  | { intent: "error"; error: MessageKey };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { operator } = await requireOperator(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const { db } = await getAppDatabase();
  const ip = clientIp(context);
  try {
    if (intent === "approve") {
      const approved = await approveApplication(db, {
        applicationId: params.id,
        operator,
        ip,
        // the Host header can be anything a client sends; the configured public origin cannot
        origin: process.env.NURI_PUBLIC_ORIGIN ?? new URL(request.url).origin,
        mailer: getMailer(),
      });
      return data<ActionResult>({
        intent: "approve",
        setupUrl: new URL(approved.setupPath, request.url).toString(),
        adminEmail: approved.adminEmail,
        mailDelivered: approved.mailDelivered,
        expiresAt: approved.expiresAt.toISOString(),
      });
    }
    if (intent === "reject") {
      const parsed = RejectionSchema.safeParse({ reason: form.get("reason") ?? "" });
      if (!parsed.success) {
        return data<ActionResult>(
          {
            intent: "reject",
            reason: String(form.get("reason") ?? ""),
            reasonError: (parsed.error.issues[0]?.message ?? "onboarding.error.reasonRequired") as MessageKey,
          },
          { status: 400 },
        );
      }
      await rejectApplication(db, { applicationId: params.id, operator, reason: parsed.data.reason, ip });
      return data<ActionResult>({ intent: "reject", rejected: true });
    }
    return data<ActionResult>({ intent: "error", error: "onboarding.error.unknownAction" }, { status: 400 });
  } catch (error) {
    if (error instanceof AppError) {
      if (error.status === 404) throw notFound();
      return data<ActionResult>({ intent: "error", error: error.messageKey }, { status: error.status });
    }
    console.error(`operator ${operator.id} could not decide application ${params.id}`, error);
    throw error;
  }
}

export default function PlatformApplication({ loaderData, actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { application, tenant } = loaderData;
  const result = actionData as ActionResult | undefined;
  return (
    <section className="onboarding onboarding--wide" aria-labelledby="application-heading">
      <p>
        <Link to="/platform/applications">{t("onboarding.platform.detail.back")}</Link>
      </p>
      <h1 id="application-heading">{t("onboarding.platform.detail.heading", { name: tenant.name })}</h1>
      {result?.intent === "error" ? (
        <div className="form-alert form-alert--error" role="alert">
          {t(result.error as "onboarding.error.alreadyDecided")}
        </div>
      ) : null}
      {result?.intent === "approve" ? <SetupLink result={result} /> : null}
      {result?.intent === "reject" && "rejected" in result ? (
        <div className="form-alert form-alert--success" role="status">
          {t("onboarding.platform.detail.rejectedNotice")}
        </div>
      ) : null}

      <dl className="detail-list">
        <Item term={t("onboarding.platform.list.status")}>
          <span className={`status-badge status-badge--${application.status}`}>
            {t(`onboarding.status.${application.status}`)}
          </span>
        </Item>
        <Item term={t("onboarding.field.name")}>{tenant.name}</Item>
        <Item term={t("onboarding.field.kind")}>{t(`onboarding.kind.${tenant.kind}`)}</Item>
        <Item term={t("onboarding.field.agencyCode")}>
          {tenant.agencyCode ?? t("onboarding.platform.detail.none")}
        </Item>
        <Item term={t("onboarding.field.slug")}>
          <code>{tenant.slug}</code>
        </Item>
        <Item term={t("onboarding.field.contactName")}>{application.contactName}</Item>
        <Item term={t("onboarding.field.contactEmail")}>{application.contactEmail}</Item>
        <Item term={t("onboarding.field.contactPhone")}>{application.contactPhone}</Item>
        <Item term={t("onboarding.field.adminName")}>{application.adminName}</Item>
        <Item term={t("onboarding.field.adminLoginId")}>
          <code>{application.adminLoginId}</code>
        </Item>
        <Item term={t("onboarding.field.adminEmail")}>{application.adminEmail}</Item>
        <Item term={t("onboarding.platform.list.received")}>
          {formatDateTime(application.createdAt, locale)}
        </Item>
        {application.decidedAt ? (
          <Item term={t("onboarding.platform.detail.decided")}>
            {t("onboarding.platform.detail.decidedBy", {
              time: formatDateTime(application.decidedAt, locale),
              name: application.decidedByName ?? "—",
            })}
          </Item>
        ) : null}
        {application.decisionReason ? (
          <Item term={t("onboarding.platform.detail.reason")}>{application.decisionReason}</Item>
        ) : null}
      </dl>

      {application.status === "pending" ? (
        <div className="decision">
          <section className="decision__panel" aria-labelledby="approve-heading">
            <h2 id="approve-heading">{t("onboarding.platform.detail.approveHeading")}</h2>
            <p>{t("onboarding.platform.detail.approveHelp")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="approve" />
              <button type="submit" className="button button--primary" disabled={busy}>
                {t("onboarding.platform.detail.approve")}
              </button>
            </Form>
          </section>
          <section className="decision__panel" aria-labelledby="reject-heading">
            <h2 id="reject-heading">{t("onboarding.platform.detail.rejectHeading")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="reject" />
              <div
                className={
                  result?.intent === "reject" && "reasonError" in result
                    ? "form-field form-field--invalid"
                    : "form-field"
                }
              >
                <label htmlFor="reject-reason">
                  {t("onboarding.platform.detail.reasonLabel")}{" "}
                  <span className="form-field__required">{t("onboarding.form.required")}</span>
                </label>
                <textarea
                  id="reject-reason"
                  name="reason"
                  rows={4}
                  maxLength={500}
                  defaultValue={result?.intent === "reject" && "reason" in result ? result.reason : undefined}
                  aria-invalid={result?.intent === "reject" && "reasonError" in result ? true : undefined}
                  aria-describedby={
                    result?.intent === "reject" && "reasonError" in result ? "reject-reason-error" : undefined
                  }
                />
                {result?.intent === "reject" && "reasonError" in result ? (
                  <FieldError id="reject-reason-error" messageKey={result.reasonError} />
                ) : null}
              </div>
              <button type="submit" className="button button--danger" disabled={busy}>
                {t("onboarding.platform.detail.reject")}
              </button>
            </Form>
          </section>
        </div>
      ) : null}
    </section>
  );
}

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="detail-list__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The first administrator's set-up link, shown once, with an honest word about the mail. */
function SetupLink({ result }: { result: Extract<ActionResult, { intent: "approve" }> }) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <section className="setup-link" aria-labelledby="setup-link-heading" role="status">
      <h2 id="setup-link-heading">{t("onboarding.platform.setup.heading")}</h2>
      <p>
        {result.mailDelivered
          ? t("onboarding.platform.setup.mailed", { email: result.adminEmail })
          : t("onboarding.platform.setup.notMailed", { email: result.adminEmail })}
      </p>
      <label htmlFor="setup-url">{t("onboarding.platform.setup.label")}</label>
      <input
        id="setup-url"
        className="setup-link__url"
        type="text"
        readOnly
        value={result.setupUrl}
        aria-describedby="setup-url-hint"
      />
      <p id="setup-url-hint" className="form-field__hint">
        {t("onboarding.platform.setup.hint", { time: formatDateTime(result.expiresAt, locale) })}
      </p>
    </section>
  );
}
