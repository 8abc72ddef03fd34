import { translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { z } from "zod";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import {
  closeDepartment,
  createDepartment,
  moveDepartment,
  reorderDepartment,
  updateDepartment,
} from "../../services/org/change-department.server.ts";
import { type DepartmentNode, flattenDepartments } from "../../services/org/department-tree.ts";
import { listDepartments } from "../../services/org/list-departments.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/departments";
import {
  type ActionResult,
  intentHandler,
  refuse,
  requireAdminContext,
  translateKey,
} from "./admin-context.server.ts";
import { DepartmentFieldsSchema, directionSchema, idSchema, optionalIdSchema } from "./org-schemas.ts";
import { ActionNotice, AdminBreadcrumb, Field } from "./org-ui.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.department.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  return { tree: await listDepartments(db, tenant.id) };
}

const schemas = {
  create: DepartmentFieldsSchema.extend({ parentId: optionalIdSchema }),
  update: DepartmentFieldsSchema.extend({ id: idSchema }),
  move: z.object({ id: idSchema, parentId: optionalIdSchema }),
  reorder: z.object({ id: idSchema, direction: directionSchema }),
  close: z.object({ id: idSchema }),
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireAdminContext(request, params, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const handle = intentHandler(intent, form, locale);
  switch (intent) {
    case "create":
      return handle(schemas.create, async (input) => {
        const created = await createDepartment(ctx, input);
        return {
          ok: true,
          intent,
          notice: translateKey(locale, "org.department.created", { name: created.name }),
        };
      });
    case "update":
      return handle(schemas.update, async (input) => {
        await updateDepartment(ctx, input);
        return { ok: true, intent, notice: translateKey(locale, "org.saved") };
      });
    case "move":
      return handle(schemas.move, async (input) => {
        await moveDepartment(ctx, input);
        return { ok: true, intent, notice: translateKey(locale, "org.department.moved") };
      });
    case "reorder":
      return handle(schemas.reorder, async (input) => {
        await reorderDepartment(ctx, input);
        return { ok: true, intent, notice: translateKey(locale, "org.department.reordered") };
      });
    case "close":
      return handle(schemas.close, async (input) => {
        await closeDepartment(ctx, input);
        return { ok: true, intent, notice: translateKey(locale, "org.department.closedNotice") };
      });
    default:
      return refuse(intent, form, { formError: translateKey(locale, "org.error.form") });
  }
}

export default function Departments({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const all = flattenDepartments(loaderData.tree);
  const open = all.filter((node) => !node.closed);
  const createErrors = result && !result.ok && result.intent === "create" ? result : undefined;
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.department.title" />
      <h1>{t("org.department.title")}</h1>
      <ActionNotice result={result} />

      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">{t("org.department.tree")}</h2>
        {loaderData.tree.length === 0 ? (
          <p>{t("org.department.empty")}</p>
        ) : (
          <DepartmentList nodes={loaderData.tree} open={open} result={result} />
        )}
      </section>

      <section aria-labelledby="create-heading" className="org-panel">
        <h2 id="create-heading">{t("org.department.create")}</h2>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="create" />
          <Field id="create-name" label={t("org.department.name")} error={createErrors?.fieldErrors.name}>
            {(describedBy, invalid) => (
              <input
                id="create-name"
                name="name"
                required
                maxLength={100}
                defaultValue={createErrors?.values.name}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field
            id="create-code"
            label={`${t("org.department.code")} ${t("org.field.optional")}`}
            error={createErrors?.fieldErrors.code}
          >
            {(describedBy, invalid) => (
              <input
                id="create-code"
                name="code"
                maxLength={32}
                defaultValue={createErrors?.values.code}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field
            id="create-parent"
            label={t("org.department.parent")}
            error={createErrors?.fieldErrors.parentId}
          >
            {(describedBy) => (
              <select
                id="create-parent"
                name="parentId"
                defaultValue={createErrors?.values.parentId ?? ""}
                aria-describedby={describedBy}
              >
                <option value="">{t("org.department.root")}</option>
                {open.map((node) => (
                  <option key={node.id} value={node.id}>
                    {node.path}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="org-button">
            {t("org.action.add")}
          </button>
        </Form>
      </section>
    </div>
  );
}

function DepartmentList({
  nodes,
  open,
  result,
}: {
  nodes: DepartmentNode[];
  open: DepartmentNode[];
  result: ActionResult | undefined;
}) {
  return (
    <ul className="org-tree">
      {nodes.map((node, index) => (
        <DepartmentItem
          key={node.id}
          node={node}
          first={index === 0}
          last={index === nodes.length - 1}
          open={open}
          result={result}
        />
      ))}
    </ul>
  );
}

function DepartmentItem({
  node,
  first,
  last,
  open,
  result,
}: {
  node: DepartmentNode;
  first: boolean;
  last: boolean;
  open: DepartmentNode[];
  result: ActionResult | undefined;
}) {
  const t = useTranslator();
  const mine = result && !result.ok && result.values.id === node.id ? result : undefined;
  const prefix = `dept-${node.id}`;
  return (
    <li className={node.closed ? "org-tree__item org-tree__item--closed" : "org-tree__item"}>
      <div className="org-tree__row">
        <span className="org-tree__name">{node.name}</span>
        {node.code ? <span className="org-tree__code">{node.code}</span> : null}
        {node.closed ? (
          <span className="org-badge org-badge--muted">{t("org.department.closed")}</span>
        ) : null}
        {node.closed ? null : (
          <span className="org-tree__actions">
            {(["up", "down"] as const).map((direction) => (
              <Form method="post" key={direction} className="org-inline-form">
                <input type="hidden" name="intent" value="reorder" />
                <input type="hidden" name="id" value={node.id} />
                <input type="hidden" name="direction" value={direction} />
                <button
                  type="submit"
                  className="org-icon-button"
                  disabled={direction === "up" ? first : last}
                  aria-label={t(direction === "up" ? "org.action.up" : "org.action.down", {
                    name: node.name,
                  })}
                >
                  {direction === "up" ? "↑" : "↓"}
                </button>
              </Form>
            ))}
          </span>
        )}
      </div>
      {mine?.formError ? (
        <p className="org-notice org-notice--error" role="alert">
          {mine.formError}
        </p>
      ) : null}
      {node.closed ? null : (
        <details className="org-details" open={Boolean(mine)}>
          <summary>{t("org.action.edit", { name: node.name })}</summary>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="id" value={node.id} />
            <h3 className="org-subheading">{t("org.department.rename")}</h3>
            <Field id={`${prefix}-name`} label={t("org.department.name")} error={mine?.fieldErrors.name}>
              {(describedBy, invalid) => (
                <input
                  id={`${prefix}-name`}
                  name="name"
                  required
                  maxLength={100}
                  defaultValue={mine?.intent === "update" ? mine.values.name : node.name}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
            <Field
              id={`${prefix}-code`}
              label={`${t("org.department.code")} ${t("org.field.optional")}`}
              error={mine?.fieldErrors.code}
            >
              {(describedBy, invalid) => (
                <input
                  id={`${prefix}-code`}
                  name="code"
                  maxLength={32}
                  defaultValue={mine?.intent === "update" ? mine.values.code : (node.code ?? "")}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
            <button type="submit" className="org-button">
              {t("org.action.save")}
            </button>
          </Form>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="id" value={node.id} />
            <h3 className="org-subheading">{t("org.department.move")}</h3>
            <Field id={`${prefix}-parent`} label={t("org.department.parent")}>
              {(describedBy) => (
                <select
                  id={`${prefix}-parent`}
                  name="parentId"
                  defaultValue={node.parentId ?? ""}
                  aria-describedby={describedBy}
                >
                  <option value="">{t("org.department.root")}</option>
                  {open
                    .filter((other) => other.id !== node.id)
                    .map((other) => (
                      <option key={other.id} value={other.id}>
                        {other.path}
                      </option>
                    ))}
                </select>
              )}
            </Field>
            <button type="submit" className="org-button org-button--secondary">
              {t("org.department.moveSubmit")}
            </button>
          </Form>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="id" value={node.id} />
            <h3 className="org-subheading">{t("org.department.close")}</h3>
            <p className="org-field__hint">{t("org.department.closeHint")}</p>
            <button type="submit" className="org-button org-button--danger">
              {t("org.department.closeSubmit", { name: node.name })}
            </button>
          </Form>
        </details>
      )}
      {node.children.length > 0 ? <DepartmentList nodes={node.children} open={open} result={result} /> : null}
    </li>
  );
}
