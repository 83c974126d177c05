// A whole 名特优新 year at scale on the time-skipping test server (issue 8 item 7):
//   npm run bench:applications -- --applications 10000 [--objections 500] [--population 40000]
//     [--cache 1000] [--inflight 600] [--lanes 48] [--stop-after declared]
// The cycle types the population in July; N households declare in August; every county review and
// both site visits are completed through the task Updates in October; the cycle ranks within the 5%
// quota on Oct 16; objections arrive in the public notice (a flood on one applicant, a few each on
// others, some upheld so the next-ranked are promoted); the city confirms in October with two signatures; the cycle closes
// on Nov 30. Prints the wall time of each stage, the longest workflow history (events and bytes,
// beside Temporal's limits: 51,200 events / 50 MB, warnings from 10,240 events / 10 MB) and the
// designated count against the quota.
// Time: the time-skipping server holds time still (locked) except while the bench sleeps, and the bench
// sleeps only once a phase's work is done (every gate passed, every review and visit completed, every
// objection decided: each phase is driven until its tasks exist and are done, through the task Updates,
// 48 at a time). Under load the server's lock count goes out of balance (it logs "Unbalanced lock and
// unlock calls"; its sleep call then never answers and time is left unlocked): at 3,000 applications the
// cycle once ranked before the county reviews were completed and the bench waited for them in vain. So
// each sleep step (at most 6 hours of server time) has a deadline, and a watchdog samples the server's
// clock every few seconds while the bench works: a clock running faster than the wall clock is locked
// again at once (and said), and a phase whose deadline has passed before its work was done stops the run
// with that reason instead of waiting in vain.
// Measured (2-core machine shared with five other engineers, load average 11-20): 1,000 applications and
// 50 objections in 535 s (declared 131 s, review opened 72 s, 1,000 reviews 112 s, 2,000 visits 63 s,
// ranking and notices 64 s, objections 3 s, confirmation and close 53 s, histories 19 s); cycle history
// 240 events / 52 KiB, longest history an application with 25 objections, 333 events / 64 KiB; 200
// designated of a quota of 200 (5 promoted). Before this change and the one-workflow-task task actions: 657 s.
// Scale (thousands of open applications): the worker keeps at most --cache workflows in memory (default 1,000;
// -1 for the SDK's default, ~2,300 on a 4 GiB heap) and at most --inflight declarations (default 600) are
// between their start and the gate at once; the rest wait to be started. Each cached workflow costs about
// 1 MiB of the workflow thread's heap, so a cache sized to the open workflows fills the heap and V8's
// collections grow with it: with the SDK default, 10,000 declarations started 32 at a time left ~2,900
// in flight (more than the cache: every activation evicted another and replayed it) and the gate rate fell
// from 6.5/s to 1.2/s past 4,000 with a 4.4 GB process; with --cache 4500 and a 12 GiB heap, 4,000 declarations
// fell to 1.6-2.3/s by 1,400 (RSS 4.5 GiB, 1,200 in flight). With a small cache and the start throttled
// below it, an application's gate steps run on a cached workflow, idle ones are evicted (one replay when review
// opens), the heap stays ~3 GiB and the rate held at 5-10/s to 4,000 gates (load average 15-17), then eased to
// 3-4/s past 5,500 with the worker's memory flat: the time-skipping server's own cost per task grows with the
// tasks before it (its SelfAdvancingTimerImpl keeps every request's lock change in a LinkedList it scans on each
// timer unlock; docs/decisions.md), so a year's wall time grows faster than linearly on this server.
// Every 30 s a progress line prints the applications by status, the stage's progress and rate, the RSS,
// the event-loop delay and the PostgreSQL sessions waiting on a lock (the audit chain head serialises writers).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { DEFAULT_CATEGORY_CONFIG } from '../domain/category/categoryConfig';
import { defaultCalendar } from '../domain/programmeCalendar';
import { NO_HOLIDAYS } from '../domain/workingDays';
import { createPool, createPrismaClient } from '../prisma/client';
import { ensureTemporalBinaries } from '../scripts/temporalBinaries';
import { loadKnownPopulation } from '../test/support/categoryPopulation';
import { annualCycleWorkflow } from '../workflows/annualCycle';
import { objectionSignal, type ApplicationInput } from '../messages/applicationMessages';
import { categoryApplicationWorkflow } from '../workflows/categoryApplication';
import { SEARCH_ATTRIBUTES } from '../messages/searchAttributes';
import { completeTaskUpdate, type Actor } from '../messages/taskMessages';
import { createProgrammeWorker } from '../worker';
import { argNumber, createBenchDatabase } from './benchDatabase';

const { temporal } = proto;
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } }); // Core's slow-task warnings off the output
const N = argNumber('applications', 1_000);
const OBJECTIONS = argNumber('objections', Math.round(N / 20));
const POPULATION = argNumber('population', Math.max(4 * N, 2_000));
const FLOOD = Math.min(200, Math.floor(OBJECTIONS / 2)); // on the top-ranked applicant
const UPHELD = 5; // applicants removed by an upheld objection, each replaced by the next-ranked
const taskQueue = 'bench-applications';
const LANES = argNumber('lanes', 48); // task Updates in flight at once
const CACHE = argNumber('cache', 1_000); // the worker's maxCachedWorkflows (-1: the SDK default for this heap)
const INFLIGHT = argNumber('inflight', 600); // declarations started and not yet past the gate, at most (0: no limit)
const STOP_AFTER = process.argv.includes('--stop-after') ? process.argv[process.argv.indexOf('--stop-after') + 1] : null; // 'declared': end there

const started = Date.now();
const stages: Array<[string, number]> = [];
let stageStart = Date.now();
let stageName = 'population';
function stage(name: string): void {
  const ms = Date.now() - stageStart;
  stageName = name;
  stages.push([name, ms]);
  console.log(`  ${name}: ${(ms / 1000).toFixed(1)} s`);
  stageStart = Date.now();
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 3_600_000): Promise<T> {
  const t = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - t > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Runs `work` over `items`, `lanes` at a time. */
async function inParallel<T>(items: T[], lanes: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

const db = await createBenchDatabase('getihu_bench_applications');
const pool = createPool(db.url, 20);
const prisma = createPrismaClient(pool);
// Every 30 s: the applications by status and the progress since the last line, so a falling rate shows.
let lastProgress = { at: Date.now(), done: 0 };
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
let progressDone: () => Promise<number> = async () => 0;
const progress = setInterval(() => void (async () => {
  const byStatus = await prisma.application.groupBy({ by: ['status'], _count: true });
  const done = await progressDone();
  const now = Date.now();
  const mem = process.memoryUsage();
  const { rows: [locks] } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  const lag = `event-loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms; ${locks!.n} waiting on a lock`;
  loopDelay.reset();
  console.log(`  [${((now - started) / 1000).toFixed(0)} s, after ${stageName}] ${byStatus.map((g) => `${g.status} ${g._count}`).join(', ')}; stage progress ${done} (+${done - lastProgress.done}, ${((done - lastProgress.done) / ((now - lastProgress.at) / 1000)).toFixed(1)}/s); rss ${(mem.rss / 2 ** 30).toFixed(1)} GiB; ${lag}`);
  lastProgress = { at: now, done };
})().catch(() => undefined), 30_000);
const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: ensureTemporalBinaries().testServer } } });
try {
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, indexedValueType(key.type)])),
  });
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const calendar = defaultCalendar(year);
  // Sleeps in steps; while not sleeping, the watchdog keeps the server's clock from running on.
  let sleeping = false;
  let sleeps = 0; // a sample that overlaps a sleep says nothing
  const relockIfRunning = async () => {
    if (sleeping) return;
    const epoch = sleeps;
    const [w1, t1] = [Date.now(), await env.currentTimeMs()];
    await new Promise((r) => setTimeout(r, 1_000));
    const [w2, t2] = [Date.now(), await env.currentTimeMs()];
    if (!sleeping && epoch === sleeps && t2 - t1 > (w2 - w1) + 60_000) {
      await env.connection.testService!.lockTimeSkipping({});
      console.log(`  (the server's clock ran on by ${((t2 - t1) / 60_000).toFixed(0)} min in ${w2 - w1} ms: time skipping locked again)`);
    }
  };
  /** Runs `fn` while the server may skip time (a sleep, or the client awaiting a result): the watchdog looks away. */
  const skipping = async <T>(fn: () => Promise<T>): Promise<T> => {
    sleeping = true;
    sleeps += 1;
    try {
      return await fn();
    } finally {
      sleeping = false;
      sleeps += 1;
    }
  };
  // The server's own sleep can fail under load: its lock count goes out of balance (it logs "Unbalanced lock
  // and unlock calls", the call never answers, and time is left unlocked). Each step has a deadline; after
  // one that did not answer, the watchdog's check locks a running clock again before the next step.
  const sleepStep = (ms: number) =>
    skipping(() => env.connection.withDeadline(Date.now() + 120_000, () => env.connection.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(ms) })))
      .then(() => true, (error: unknown) => {
        console.log(`  (a sleep of ${(ms / 3_600_000).toFixed(1)} h did not answer: ${(error as Error).message.slice(0, 80)}; checking the clock)`);
        return false;
      });
  const sleepUntil = async (instant: number) => {
    for (let now = await env.currentTimeMs(); now < instant; now = await env.currentTimeMs()) {
      if (!(await sleepStep(Math.max(1, Math.min(instant - now, 6 * 3_600_000))))) await relockIfRunning();
    }
    await relockIfRunning();
  };
  const watchdog = setInterval(() => void relockIfRunning().catch(() => undefined), 5_000);
  /** Stops the run if the server's clock has reached `deadline` (named) before the phase's work was done. */
  const before = async (deadline: string, instant: number) => {
    if ((await env.currentTimeMs()) >= instant) throw new Error(`the server's clock passed ${deadline} before this phase's work was done`);
  };
  console.log(`bench:applications — ${N.toLocaleString('en')} applications, ${OBJECTIONS} objections, ${POPULATION.toLocaleString('en')} businesses (all 成长型), year ${year}`);

  const population = await loadKnownPopulation(pool, { year, growth: POPULATION, survival: 1 });
  const counties = [...new Set(population.growth.map((h) => h.county))];
  const staff: Record<string, { admin: Actor; a: Actor; b: Actor }> = {};
  for (const county of counties) {
    const make = async (role: string, name: string): Promise<Actor> => ({ id: (await prisma.principal.create({ data: { name, role, county } })).id, name, role, county });
    staff[county] = { admin: await make('COUNTY_AMR', `县局${county}`), a: await make('GRASSROOTS_STAFF', `甲${county}`), b: await make('GRASSROOTS_STAFF', `乙${county}`) };
  }
  const city = await prisma.principal.create({ data: { name: '市局', role: 'CITY_AMR' } });
  const secondCity = await prisma.principal.create({ data: { name: '市局复核', role: 'CITY_AMR' } });
  stage('population loaded');

  const worker = await createProgrammeWorker({
    connection: env.nativeConnection, prisma, pool, taskQueue, mail: { outboxDir: mkdtempSync(path.join(tmpdir(), 'bench-outbox-')) },
    ...(CACHE >= 0 ? { maxCachedWorkflows: CACHE } : {}),
  });
  await worker.runUntil(async () => {
    const cycle = await env.client.workflow.start(annualCycleWorkflow, { workflowId: `cycle-${year}`, taskQueue, args: [{ year, calendar }] });
    await sleepUntil(Date.parse(`${year}-08-10T02:00:00Z`));
    await until('the annual typing', async () => (await prisma.cycle.findUnique({ where: { year } }))?.currentRunId);
    stage('July typing run');

    // August: N declarations (applicant i scores 95 − i mod 40: many ties, a few below the pass line).
    const applicants = population.growth.slice(0, N);
    const ids = new Map<string, string>();
    const gatePassed = () => prisma.application.count({ where: { year, status: 'GATE_PASSED' } });
    progressDone = gatePassed;
    let passed = 0;
    await inParallel(applicants, 32, async (h, i) => {
      // At most INFLIGHT declarations between start and gate at once: the rest wait their turn.
      while (INFLIGHT > 0 && i - passed >= INFLIGHT) {
        await new Promise((r) => setTimeout(r, 500));
        passed = await gatePassed();
      }
      const input: ApplicationInput = {
        applicationId: crypto.randomUUID(), year, uscc: h.uscc, county: h.county, category: 'MING', channel: 'SELF', submittedBy: { id: crypto.randomUUID(), role: 'HOUSEHOLD' },
        submittedAt: new Date(Date.parse(`${year}-08-10T02:00:00Z`) + i * 1_000).toISOString(), specialGroups: [], declared: { fields: {}, evidence: [] },
        calendar, config: DEFAULT_CATEGORY_CONFIG, holidays: NO_HOLIDAYS, cycleWorkflowId: `cycle-${year}`,
      };
      ids.set(h.uscc, input.applicationId);
      await env.client.workflow.start(categoryApplicationWorkflow, { workflowId: `application-${year}-${h.uscc}`, taskQueue, args: [input] });
    });
    await until('every gate passed', async () => (await prisma.application.count({ where: { year, status: 'GATE_PASSED' } })) === N);
    stage(`${N} applications declared, gates passed`);
    if (STOP_AFTER === 'declared') return;

    // October: county review and the two visits, through the task Updates.
    await sleepUntil(Date.parse(calendar.declarationClosesAt) + 3_600_000);
    const handle = (uscc: string) => env.client.workflow.getHandle(`application-${year}-${uscc}`);
    const task = (uscc: string, suffix: string) => `task-app-${ids.get(uscc)}-${suffix}`;
    await until('every review task', async () => (await prisma.task.count({ where: { year, kind: 'APPLICATION_REVIEW', status: 'OPEN' } })) === N);
    stage('review opened');
    progressDone = () => prisma.task.count({ where: { year, kind: 'APPLICATION_REVIEW', status: { not: 'OPEN' } } });
    await inParallel(applicants, LANES, (h) => handle(h.uscc).executeUpdate(completeTaskUpdate, { args: [task(h.uscc, 'review-1'), staff[h.county]!.admin, { approve: true, reason: '符合条件', assessedCriteria: ['M3'] }] }));
    stage(`${N} county reviews completed`);
    await before('the ranking', Date.parse(calendar.rankingAt));
    progressDone = () => prisma.task.count({ where: { year, kind: 'SITE_VISIT_SCORE', status: { not: 'OPEN' } } });
    await until('every visit task', async () => (await prisma.task.count({ where: { year, kind: 'SITE_VISIT_SCORE', status: 'OPEN' } })) === 2 * N);
    await inParallel(applicants, LANES, async (h, i) => {
      const sheet = { sections: sectionsFor(95 - (i % 40)), veto: false, noConflictDeclared: true, notes: '' };
      await handle(h.uscc).executeUpdate(completeTaskUpdate, { args: [task(h.uscc, 'visit-1-1'), staff[h.county]!.a, sheet] });
      await handle(h.uscc).executeUpdate(completeTaskUpdate, { args: [task(h.uscc, 'visit-1-2'), staff[h.county]!.b, sheet] });
    });
    await until('every application scored', async () => (await prisma.application.count({ where: { year, status: 'SCORED' } })) === N);
    await before('the ranking', Date.parse(calendar.rankingAt));
    stage(`${2 * N} site visits scored`);

    // Oct 16: the ranking; the selected enter the public notice.
    await sleepUntil(Date.parse(calendar.rankingAt) + 3_600_000);
    const ranked = await until('the ranking', async () => ((await prisma.cycle.findUnique({ where: { year } }))?.selection as { cap?: number; ranking?: Array<{ selected: boolean }> } | null));
    const selectedCount = ranked.ranking!.filter((c) => c.selected).length;
    await until('the notices', async () => (await prisma.application.count({ where: { year, status: 'IN_PUBLICITY' } })) === selectedCount);
    stage(`ranked within the quota (cap ${ranked.cap}, ${selectedCount} selected), notices started`);

    // Objections: a flood on the top-ranked, the rest spread over others; UPHELD applicants are removed.
    const selected = await prisma.application.findMany({ where: { year, status: 'IN_PUBLICITY' }, orderBy: { rank: 'asc' }, select: { uscc: true, county: true } });
    const targets: string[] = [...Array(FLOOD).fill(selected[0]!.uscc)];
    for (let i = 0; targets.length < OBJECTIONS; i++) targets.push(selected[1 + (i % Math.max(1, Math.min(selected.length - 1, Math.ceil((OBJECTIONS - FLOOD) / 2))))]!.uscc);
    const objections = targets.map((uscc) => ({ id: crypto.randomUUID(), uscc }));
    await prisma.objection.createMany({ data: objections.map((o, i) => ({ id: o.id, year, uscc: o.uscc, objectorName: `异议人${i}`, objectorPhone: `139${String(i).padStart(8, '0')}`, facts: '公示异议', evidence: [], status: 'RECEIVED' })) });
    const receivedAt = new Date(await env.currentTimeMs()).toISOString();
    await inParallel(objections, LANES, (o) => handle(o.uscc).signal(objectionSignal, { objectionId: o.id, receivedAt }));
    const objected = [...new Set(targets)];
    const upheld = new Set(objected.slice(1, 1 + UPHELD));
    const countyOf = new Map(selected.map((s) => [s.uscc, s.county]));
    await inParallel(objected, 16, async (uscc) => {
      const admin = staff[countyOf.get(uscc)!]!.admin;
      const listed = objections.filter((o) => o.uscc === uscc).map((o) => o.id);
      const accept = task(uscc, 'objections-1-accept');
      await until('all objections listed', async () => (await prisma.task.findUnique({ where: { id: accept } }))?.items.length === listed.length);
      await handle(uscc).executeUpdate(completeTaskUpdate, { args: [accept, admin, { decisions: listed.map((objectionId, i) => ({ objectionId, accept: i === 0, reason: i === 0 ? '予以受理' : '重复异议，不予受理' })) }] });
      const verify = task(uscc, 'objections-1-verify');
      await until('the verification task', () => prisma.task.findUnique({ where: { id: verify } }));
      await handle(uscc).executeUpdate(completeTaskUpdate, { args: [verify, admin, { verdicts: [{ objectionId: listed[0]!, upheld: upheld.has(uscc), findings: '现场核查', reason: upheld.has(uscc) ? '经核查属实' : '经核查不属实' }] }] });
    });
    await before('the end of the review period', Date.parse(calendar.reviewEndsAt));
    stage(`${OBJECTIONS} objections on ${objected.length} applicants decided (${upheld.size} upheld)`);

    // October: the city confirms with four eyes (one administrator prepares the list, frozen and hashed;
    // a second approves the same digest) once the last notice has ended; the cycle closes on Nov 30.
    const prepare = await until('the first-signature task', () => prisma.task.findFirst({ where: { year, kind: 'CITY_CONFIRMATION_PREPARE', status: 'OPEN' } }));
    await cycle.executeUpdate(completeTaskUpdate, { args: [prepare.id, { id: city.id, name: city.name, role: 'CITY_AMR', county: null }, { prepared: true, note: '' }] });
    const approval = await until('the second-signature task', () => prisma.task.findFirst({ where: { year, kind: 'CITY_CONFIRMATION_APPROVAL', status: 'OPEN' } }));
    const { frozenList } = (await prisma.cycle.findUniqueOrThrow({ where: { year } })).selection as { frozenList: { hash: string } };
    await cycle.executeUpdate(completeTaskUpdate, { args: [approval.id, { id: secondCity.id, name: secondCity.name, role: 'CITY_AMR', county: null }, { approve: true, listHash: frozenList.hash, note: '同意' }] });
    const result = await skipping(() => cycle.result()); // the client unlocks time skipping while it waits
    stage('confirmed, cycle closed');
    const designated = await prisma.categoryLabel.count({ where: { year } });
    console.log(`  designated: ${designated} of a quota of ${result.selection.cap} (base ${result.selection.base}); promoted ${result.selection.promoted.length}`);

    // Every history of the year: the cycle, its typing runs, the applications.
    const ids2 = [`cycle-${year}`, `typing-${year}-ANNUAL`, `typing-${year}-RERUN`, ...applicants.map((h) => `application-${year}-${h.uscc}`)];
    const sizes: Array<{ id: string; events: number; bytes: number }> = [];
    await inParallel(ids2, 16, async (id) => {
      const history = await env.client.workflow.getHandle(id).fetchHistory();
      sizes.push({ id, events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length });
    });
    const longest = sizes.reduce((a, b) => (b.events > a.events ? b : a));
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const cycleSize = sizes.find((s) => s.id === `cycle-${year}`)!;
    console.log(`  histories: ${sizes.length}; longest ${longest.id}: ${longest.events.toLocaleString('en')} events, ${(longest.bytes / 1024).toFixed(0)} KiB; largest ${largest.id}: ${(largest.bytes / 1024).toFixed(0)} KiB`);
    console.log(`  cycle history: ${cycleSize.events.toLocaleString('en')} events, ${(cycleSize.bytes / 1024).toFixed(0)} KiB (Temporal's limits: 51,200 events / 50 MB; warnings from 10,240 / 10 MB)`);
    stage('histories measured');
  });
  clearInterval(watchdog);
  clearInterval(progress);
  console.log(`  wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  clearInterval(progress);
  await env.teardown();
  await prisma.$disconnect();
  await pool.end();
  await db.drop();
}

/** Sections adding up to `total` on the default sheet. */
function sectionsFor(total: number): Record<string, number> {
  const sections: Record<string, number> = {};
  let left = total;
  for (const s of DEFAULT_CATEGORY_CONFIG.scoreSheet.sections) {
    sections[s.code] = Math.min(s.max, left);
    left -= sections[s.code]!;
  }
  return sections;
}

function indexedValueType(type: SearchAttributeType): proto.temporal.api.enums.v1.IndexedValueType {
  const name = `INDEXED_VALUE_TYPE_${TypedSearchAttributes.toMetadataType(type).toUpperCase()}` as keyof typeof temporal.api.enums.v1.IndexedValueType;
  return temporal.api.enums.v1.IndexedValueType[name];
}
