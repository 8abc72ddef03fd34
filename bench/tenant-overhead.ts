import { openDatabase, users, withTenant } from "@nuri/db";
import { createTestDatabase } from "@nuri/db/testing";
import { eq } from "drizzle-orm";
import postgres from "postgres";

// What does row-level security plus withTenant() cost per request? The same lookups run
// three ways in one run, on one server:
//   raw      — superuser (RLS bypassed), one autocommit statement: the floor
//   raw tx   — superuser, the statement inside BEGIN … COMMIT: what any transactional request pays
//   rls tx   — the app role with postgres.js alone: BEGIN, set_config, statement under RLS, COMMIT
//   tenant   — the same through withTenant() and drizzle: what Nuri's code pays
// Run: pnpm --filter @nuri/bench tenant-overhead   (TEST_DATABASE_URL to use another server)

const TENANTS = 100;
const USERS_PER_TENANT = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5000);

const database = await createTestDatabase();
const superuser = postgres(database.superuserUrl.replace(/\/[^/]*$/, `/${database.database}`), {
  max: 1,
  onnotice: () => {},
});
const app = openDatabase(database.appUrl, { max: 1 });
const appRaw = postgres(database.appUrl, { max: 1, onnotice: () => {} });

try {
  const tenantIds: string[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const [row] =
      await superuser`insert into tenants (slug, name, kind, status) values (${`bench-${t}`}, ${`기관 ${t}`}, 'agency', 'active') returning id`;
    tenantIds.push(row!.id as string);
  }
  await superuser`
    insert into users (tenant_id, login_id, display_name)
    select t.id, 'user-' || n, '사용자 ' || n from tenants t, generate_series(1, ${USERS_PER_TENANT}) n`;
  await superuser`analyze`;
  const sample = await superuser<
    { tenant_id: string; id: string }[]
  >`select tenant_id, id from users order by random() limit 1000`;

  const lookups = {
    "point lookup": {
      raw: (i: number) =>
        superuser`select * from users where tenant_id = ${sample[i % sample.length]!.tenant_id} and id = ${sample[i % sample.length]!.id}`,
      rawTx: (i: number) =>
        superuser.begin(
          (tx) =>
            tx`select * from users where tenant_id = ${sample[i % sample.length]!.tenant_id} and id = ${sample[i % sample.length]!.id}`,
        ),
      rlsTx: (i: number) =>
        appRaw.begin(async (tx) => {
          await tx`select set_config('app.tenant_id', ${sample[i % sample.length]!.tenant_id}, true)`;
          return tx`select * from users where id = ${sample[i % sample.length]!.id}`;
        }),
      tenant: (i: number) =>
        withTenant(app.db, sample[i % sample.length]!.tenant_id, (tx) =>
          tx
            .select()
            .from(users)
            .where(eq(users.id, sample[i % sample.length]!.id)),
        ),
    },
    "list a tenant's 100 people": {
      raw: (i: number) => superuser`select * from users where tenant_id = ${tenantIds[i % TENANTS]!}`,
      rawTx: (i: number) =>
        superuser.begin((tx) => tx`select * from users where tenant_id = ${tenantIds[i % TENANTS]!}`),
      // no WHERE at all: row-level security alone picks the tenant's rows
      rlsTx: (i: number) =>
        appRaw.begin(async (tx) => {
          await tx`select set_config('app.tenant_id', ${tenantIds[i % TENANTS]!}, true)`;
          return tx`select * from users`;
        }),
      tenant: (i: number) => withTenant(app.db, tenantIds[i % TENANTS]!, (tx) => tx.select().from(users)),
    },
  };

  console.log(
    `PostgreSQL: ${database.server}; ${TENANTS} tenants × ${USERS_PER_TENANT} people; ${ROUNDS} rounds each\n`,
  );
  console.log("| query | way | p50 µs | p95 µs | p99 µs | p50 ratio to raw |");
  console.log("|---|---|---:|---:|---:|---:|");
  for (const [name, ways] of Object.entries(lookups)) {
    const results: Record<string, number[]> = {};
    for (const [way, run] of Object.entries(ways)) {
      for (let i = 0; i < 200; i++) await run(i); // warm up
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = process.hrtime.bigint();
        await run(i);
        times.push(Number(process.hrtime.bigint() - t) / 1000);
      }
      results[way] = times.sort((a, b) => a - b);
    }
    const p = (times: number[], q: number) =>
      times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    for (const [way, times] of Object.entries(results)) {
      const ratio = p(times, 0.5) / p(results.raw!, 0.5);
      console.log(
        `| ${name} | ${way} | ${p(times, 0.5).toFixed(0)} | ${p(times, 0.95).toFixed(0)} | ${p(times, 0.99).toFixed(0)} | ${ratio.toFixed(2)}× |`,
      );
    }
  }
  const [plan] = await superuser.begin(async (tx) => {
    await tx`set local role nuri_app`;
    await tx`select set_config('app.tenant_id', ${tenantIds[0]!}, true)`;
    return tx`explain (costs off) select * from users`;
  });
  console.log(`\nPlan of the RLS-only list: ${Object.values(plan!)[0]}`);
} finally {
  await superuser.end();
  await app.close();
  await appRaw.end();
  await database.dispose();
}
