import type { DocumentStatus, PostApproval, StepKind, StepStatus } from "@nuri/approval";
import { and, approvalSteps, asc, eq, inArray, sql, type TenantTx, withTenant } from "@nuri/db";
import { type ApprovalsActor, substitutesFor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  addDays,
  characterCount,
  isUuid,
  seoulDayStart,
} from "./approvals-admin-context.server.ts";

// The 문서함 of 전자결재, by 온나라's names. Each box is one set of approval ids, drawn through
// the person's own index entries (their steps, their 부재 substitutions, their participations,
// their drafts), then joined to the approvals by primary key: the lists and the counts use the
// very same condition, so a count in the navigation always equals its list.

/** 결재대기, 결재예정, 진행, 완료, 반려, 기안함, 참조함, 부서 수신함, 공람함. */
export const INBOX_BOXES = [
  "waiting",
  "upcoming",
  "in_progress",
  "completed",
  "rejected",
  "drafts",
  "cc",
  "received",
  "circulation",
] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];

export const INBOX_PAGE_SIZE = 50;
export const MAX_INBOX_QUERY = 100;

/** Narrows a box: a period (days in Asia/Seoul, both included), a form, a drafter, a text. */
export interface InboxFilters {
  /** YYYY-MM-DD: rows listed on this day or later. */
  from?: string | null;
  /** YYYY-MM-DD: rows listed on this day or earlier. */
  to?: string | null;
  formId?: string | null;
  drafterId?: string | null;
  /** Contained in the title or the registration number, case-insensitive. */
  q?: string | null;
}

/** The person's part in a listed approval, where they have one. */
export interface InboxStep {
  kind: StepKind;
  status: StepStatus;
  /** 후결 this person still owes on the step (after someone signed it for them under 대결). */
  postApproval: PostApproval;
  /** Set when the person would sign for the absent holder (대결): who that holder is. */
  onBehalfOf: { id: string; name: string } | null;
}

export interface InboxRow {
  id: string;
  title: string;
  formName: string;
  drafterId: string;
  drafterName: string;
  /** 처리과: the department the document was drafted in. */
  drafterDepartment: string;
  status: DocumentStatus;
  /** In 결재대기, 결재예정, 진행, 완료 and 반려: the person's step (or the one they sign for). */
  myStep: InboxStep | null;
  submittedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  /** The date the box orders and filters by: 상신 (in progress), completion, or last change. */
  listedAt: Date;
  registrationNumber: string | null;
  /** In 참조함 and 공람함: not yet read by the person. Null elsewhere. */
  unread: boolean | null;
}

export interface InboxPage {
  box: InboxBox;
  rows: InboxRow[];
  /** Rows in the whole box with these filters (equals countInboxes' number for the box). */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

interface Who {
  tenantId: string;
  userId: string;
  now: Date;
}

/** The ids of the approvals in `box` for the person: a union of index-served lookups. */
function boxIds(box: InboxBox, who: Who) {
  const { tenantId: t, userId: me } = who;
  const now = who.now.toISOString();
  const approvalOf = (status: SQLText) =>
    sql`join approvals x on x.tenant_id = s.tenant_id and x.id = s.approval_id and x.status in ${status}`;
  // "I drafted": the drafter, and the 공동기안자 who wrote it with them.
  const drafted = (status: SQLText) => sql`
    select x.id from approvals x
      where x.tenant_id = ${t} and x.drafter_id = ${me} and x.status in ${status}
    union all
    select p.approval_id from approval_participants p
      join approvals x on x.tenant_id = p.tenant_id and x.id = p.approval_id and x.status in ${status}
      where p.tenant_id = ${t} and p.user_id = ${me} and p.role = 'co_drafter'`;
  // "I am in the line": a step of mine, or one I signed for its absent holder (대결).
  const inLine = (status: SQLText, stepStatus: SQLText | null) => sql`
    select s.approval_id from approval_steps s ${approvalOf(status)}
      where s.tenant_id = ${t} and s.assignee_id = ${me}
        ${stepStatus ? sql`and s.status in ${stepStatus}` : sql``}
    union all
    select s.approval_id from approval_steps s ${approvalOf(status)}
      where s.tenant_id = ${t} and s.acted_by = ${me}
        ${stepStatus ? sql`and s.status in ${stepStatus}` : sql``}`;
  const participating = (role: string, status: SQLText) => sql`
    select p.approval_id from approval_participants p
      join approvals x on x.tenant_id = p.tenant_id and x.id = p.approval_id and x.status in ${status}
      where p.tenant_id = ${t} and p.user_id = ${me} and p.role = ${role}`;

  switch (box) {
    case "waiting":
      // What the person can act on now, exactly as availableActions offers it: their own
      // current step, a current step of someone whose 부재 names them (대결; never on their own
      // draft), and a 후결 they owe.
      return sql`
        select s.approval_id from approval_steps s ${approvalOf(IN_PROGRESS)}
          where s.tenant_id = ${t} and s.assignee_id = ${me} and s.status in ('pending', 'held')
        union all
        select s.approval_id from approval_absences ab
          join approval_steps s on s.tenant_id = ab.tenant_id and s.assignee_id = ab.user_id
            and s.status in ('pending', 'held')
          ${approvalOf(IN_PROGRESS)}
          where ab.tenant_id = ${t} and ab.substitute_id = ${me} and ab.cancelled_at is null
            and ab.starts_at <= ${now}::timestamptz and ab.ends_at > ${now}::timestamptz
            and x.drafter_id <> ${me}
        union all
        select s.approval_id from approval_steps s ${approvalOf(IN_PROGRESS_OR_COMPLETED)}
          where s.tenant_id = ${t} and s.assignee_id = ${me} and s.post_approval = 'owed'`;
    case "upcoming":
      return sql`
        select s.approval_id from approval_steps s ${approvalOf(IN_PROGRESS)}
          where s.tenant_id = ${t} and s.assignee_id = ${me} and s.status = 'waiting'`;
    case "in_progress":
      return sql`${drafted(IN_PROGRESS)} union all ${inLine(IN_PROGRESS, APPROVED)}`;
    case "completed":
      return sql`${drafted(COMPLETED)} union all ${inLine(COMPLETED, null)}`;
    case "rejected":
      return sql`${drafted(REJECTED)} union all ${inLine(REJECTED, null)}`;
    case "drafts":
      return drafted(UNSENT);
    case "cc":
      // 참조 sees a document once it is sent, not while it is being written.
      return participating("cc", SENT);
    case "received":
      return sql`
        select p.approval_id from approval_participants p
          join approvals x on x.tenant_id = p.tenant_id and x.id = p.approval_id and x.status = 'completed'
          where p.tenant_id = ${t} and p.role = 'recipient'
            and p.department_id = (select u.department_id from users u where u.tenant_id = ${t} and u.id = ${me})`;
    case "circulation":
      return participating("circulation", COMPLETED);
  }
}

type SQLText = ReturnType<typeof sql.raw>;
const IN_PROGRESS = sql.raw("('in_progress')");
const IN_PROGRESS_OR_COMPLETED = sql.raw("('in_progress', 'completed')");
const COMPLETED = sql.raw("('completed')");
const REJECTED = sql.raw("('rejected')");
const UNSENT = sql.raw("('draft', 'withdrawn')");
const SENT = sql.raw("('in_progress', 'completed', 'rejected')");
const APPROVED = sql.raw("('approved')");

/** The date a box orders and filters by. */
function listedAt(box: InboxBox) {
  switch (box) {
    case "completed":
    case "received":
    case "circulation":
      return sql.raw("coalesce(a.completed_at, a.updated_at)");
    case "rejected":
    case "drafts":
      return sql.raw("a.updated_at");
    default:
      return sql.raw("coalesce(a.submitted_at, a.updated_at)");
  }
}

interface ParsedFilters {
  from: Date | null;
  until: Date | null;
  formId: string | null;
  drafterId: string | null;
  pattern: string | null;
}

/** Reads the filters as a form or a URL gives them; bad ones are a translated 400. */
function parseFilters(filters: InboxFilters): ParsedFilters {
  const day = (value: string | null | undefined, field: string) => {
    if (value === undefined || value === null || value === "") return null;
    const start = seoulDayStart(value);
    if (!start)
      throw new ApprovalsFieldError(
        field,
        "approvals.inbox.date-invalid",
        "approvals.inbox.error.dateInvalid",
      );
    return start;
  };
  const from = day(filters.from, "from");
  const to = day(filters.to, "to");
  if (from && to && to < from) {
    throw new ApprovalsFieldError(
      "to",
      "approvals.inbox.range-invalid",
      "approvals.inbox.error.rangeInvalid",
    );
  }
  const id = (value: string | null | undefined, field: string) => {
    if (value === undefined || value === null || value === "") return null;
    if (!isUuid(value)) {
      throw new ApprovalsFieldError(
        field,
        "approvals.inbox.filter-invalid",
        "approvals.inbox.error.filterInvalid",
      );
    }
    return value;
  };
  const q = (filters.q ?? "").trim();
  if (characterCount(q) > MAX_INBOX_QUERY) {
    throw new ApprovalsFieldError(
      "q",
      "approvals.inbox.query-too-long",
      "approvals.inbox.error.queryTooLong",
      {
        max: MAX_INBOX_QUERY,
      },
    );
  }
  return {
    from,
    until: to ? addDays(to, 1) : null,
    formId: id(filters.formId, "formId"),
    drafterId: id(filters.drafterId, "drafterId"),
    pattern: q === "" ? null : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
  };
}

/** The condition on `approvals a` that puts a row in the box with the filters. */
function boxCondition(box: InboxBox, who: Who, filters: ParsedFilters) {
  const at = listedAt(box);
  return sql`a.tenant_id = ${who.tenantId} and a.id in (${boxIds(box, who)})
    ${filters.from ? sql`and ${at} >= ${filters.from.toISOString()}::timestamptz` : sql``}
    ${filters.until ? sql`and ${at} < ${filters.until.toISOString()}::timestamptz` : sql``}
    ${filters.formId ? sql`and a.form_id = ${filters.formId}` : sql``}
    ${filters.drafterId ? sql`and a.drafter_id = ${filters.drafterId}` : sql``}
    ${filters.pattern ? sql`and (a.title ilike ${filters.pattern} or a.registration_number ilike ${filters.pattern})` : sql``}`;
}

/**
 * One page (50 rows, newest first) of one of the person's 문서함, with the filters. `total`
 * counts the whole box and equals what countInboxes answers for it.
 */
export async function listInbox(
  ctx: ApprovalsActor,
  input: { box: InboxBox; filters?: InboxFilters; page?: number; now?: Date },
): Promise<InboxPage> {
  if (!(INBOX_BOXES as readonly string[]).includes(input.box)) {
    throw new ApprovalsFieldError(
      "box",
      "approvals.inbox.box-invalid",
      "approvals.inbox.error.filterInvalid",
    );
  }
  const filters = parseFilters(input.filters ?? {});
  const page = Number.isInteger(input.page) && input.page! >= 1 ? input.page! : 1;
  const who: Who = { tenantId: ctx.tenantId, userId: ctx.userId, now: input.now ?? new Date() };
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const condition = boxCondition(input.box, who, filters);
    const unread =
      input.box === "cc" || input.box === "circulation"
        ? sql`exists (select 1 from approval_participants p where p.tenant_id = a.tenant_id
            and p.approval_id = a.id and p.role = ${input.box} and p.user_id = ${who.userId} and p.read_at is null)`
        : sql`null::boolean`;
    const rows = await tx.execute<{
      id: string;
      title: string;
      form_name: string;
      drafter_id: string;
      drafter_name: string;
      drafter_department: string;
      status: DocumentStatus;
      submitted_at: string | Date | null;
      completed_at: string | Date | null;
      updated_at: string | Date;
      listed_at: string | Date;
      registration_number: string | null;
      unread: boolean | null;
      total: string | number;
    }>(sql`
      select a.id, a.title, f.name as form_name, a.drafter_id, u.display_name as drafter_name,
        d.name as drafter_department, a.status, a.submitted_at, a.completed_at, a.updated_at,
        ${listedAt(input.box)} as listed_at, a.registration_number, ${unread} as unread,
        count(*) over () as total
      from approvals a
        join approval_forms f on f.tenant_id = a.tenant_id and f.id = a.form_id
        join users u on u.tenant_id = a.tenant_id and u.id = a.drafter_id
        join departments d on d.tenant_id = a.tenant_id and d.id = a.department_id
      where ${condition}
      order by listed_at desc, a.id desc
      limit ${INBOX_PAGE_SIZE} offset ${(page - 1) * INBOX_PAGE_SIZE}`);
    // Past the last page the window has no row to carry the total: count it on its own.
    const total =
      rows.length > 0 ? Number(rows[0]!.total) : page === 1 ? 0 : await countBox(tx, input.box, who, filters);
    const steps = await myStepsOf(
      tx,
      who,
      input.box,
      rows.map((row) => row.id),
    );
    return {
      box: input.box,
      rows: rows.map((row) => ({
        id: row.id,
        title: row.title,
        formName: row.form_name,
        drafterId: row.drafter_id,
        drafterName: row.drafter_name,
        drafterDepartment: row.drafter_department,
        status: row.status,
        myStep: steps.get(row.id) ?? null,
        submittedAt: row.submitted_at === null ? null : new Date(row.submitted_at),
        completedAt: row.completed_at === null ? null : new Date(row.completed_at),
        updatedAt: new Date(row.updated_at),
        listedAt: new Date(row.listed_at),
        registrationNumber: row.registration_number,
        unread: row.unread,
      })),
      total,
      page,
      pageSize: INBOX_PAGE_SIZE,
      pageCount: Math.ceil(total / INBOX_PAGE_SIZE),
    };
  });
}

async function countBox(tx: TenantTx, box: InboxBox, who: Who, filters: ParsedFilters): Promise<number> {
  const [row] = await tx.execute<{ total: string | number }>(
    sql`select count(*) as total from approvals a where ${boxCondition(box, who, filters)}`,
  );
  return Number(row?.total ?? 0);
}

/**
 * How many approvals each of the person's boxes holds (for the navigation), with the same
 * filters and the same conditions as listInbox; one statement for all nine.
 */
export async function countInboxes(
  ctx: ApprovalsActor,
  input: { filters?: InboxFilters; now?: Date } = {},
): Promise<Record<InboxBox, number>> {
  return countBoxes(ctx, INBOX_BOXES, input);
}

/** The 결재대기 count alone, for the page frame (every page): the same condition as the box. */
export async function countWaitingInbox(ctx: ApprovalsActor, now?: Date): Promise<number> {
  const counts = await countBoxes(ctx, ["waiting"], { now });
  return counts.waiting;
}

async function countBoxes<B extends InboxBox>(
  ctx: ApprovalsActor,
  boxes: readonly B[],
  input: { filters?: InboxFilters; now?: Date },
): Promise<Record<B, number>> {
  const filters = parseFilters(input.filters ?? {});
  const who: Who = { tenantId: ctx.tenantId, userId: ctx.userId, now: input.now ?? new Date() };
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const columns = sql.join(
      boxes.map(
        (box) =>
          sql`(select count(*) from approvals a where ${boxCondition(box, who, filters)}) as ${sql.identifier(box)}`,
      ),
      sql`, `,
    );
    const [row] = await tx.execute<Record<B, string | number>>(sql`select ${columns}`);
    return Object.fromEntries(boxes.map((box) => [box, Number(row?.[box] ?? 0)])) as Record<B, number>;
  });
}

/** The person's step on each listed approval, for the boxes where it tells what to do. */
async function myStepsOf(
  tx: TenantTx,
  who: Who,
  box: InboxBox,
  approvalIds: string[],
): Promise<Map<string, InboxStep>> {
  const found = new Map<string, InboxStep>();
  if (
    approvalIds.length === 0 ||
    !["waiting", "upcoming", "in_progress", "completed", "rejected"].includes(box)
  ) {
    return found;
  }
  const steps = await tx
    .select({
      approvalId: approvalSteps.approvalId,
      kind: approvalSteps.kind,
      status: approvalSteps.status,
      assigneeId: approvalSteps.assigneeId,
      assigneeName: approvalSteps.assigneeName,
      actedBy: approvalSteps.actedBy,
      postApproval: approvalSteps.postApproval,
    })
    .from(approvalSteps)
    .where(and(eq(approvalSteps.tenantId, who.tenantId), inArray(approvalSteps.approvalId, approvalIds)))
    .orderBy(asc(approvalSteps.ordinal));
  const absentFor =
    box === "waiting" ? new Set(await substitutesFor(tx, who.tenantId, who.userId, who.now)) : new Set();
  const active = (status: StepStatus) => status === "pending" || status === "held";
  const byApproval = new Map<string, typeof steps>();
  for (const step of steps)
    byApproval.set(step.approvalId, [...(byApproval.get(step.approvalId) ?? []), step]);
  for (const [approvalId, line] of byApproval) {
    const mine = line.filter((step) => step.assigneeId === who.userId);
    const pick =
      box === "waiting"
        ? (mine.find((step) => active(step.status)) ??
          mine.find((step) => step.postApproval === "owed") ??
          line.find((step) => active(step.status) && absentFor.has(step.assigneeId)))
        : box === "upcoming"
          ? mine.find((step) => step.status === "waiting")
          : (mine[0] ?? line.find((step) => step.actedBy === who.userId));
    if (!pick) continue;
    found.set(approvalId, {
      kind: pick.kind,
      status: pick.status,
      postApproval: pick.assigneeId === who.userId ? pick.postApproval : "none",
      onBehalfOf: pick.assigneeId === who.userId ? null : { id: pick.assigneeId, name: pick.assigneeName },
    });
  }
  return found;
}
