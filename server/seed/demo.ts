import type { Logger } from 'pino';
import { rows } from '../db/sql';
import type { StaffViewer } from '../domain/viewer';
import type { Role } from '../domain/vocabulary';
import type { Services } from '../services';
import type { ClaimRecord } from '../services/claimRows';

/**
 * Demo data from shared/fixtures/unsc-dprk-2018.md: the UN Security Council meeting on North
 * Korea of 27 September 2018. Everything goes through the real services and workflow actions, so
 * the history is genuine. Idempotent: users, actors, sources and claims are looked up by natural
 * key first, so running it again (or after an interruption) adds only what is missing.
 */

export const DEMO_USERS: { email: string; displayName: string; role: Role; password: string }[] = [
  { email: 'admin@claimledger.example', displayName: 'Ada Admin', role: 'ADMIN', password: 'demo-admin-2018' },
  { email: 'editor@claimledger.example', displayName: 'Eddie Editor', role: 'EDITOR', password: 'demo-editor-2018' },
  { email: 'checker@claimledger.example', displayName: 'Fran Checker', role: 'FACT_CHECKER', password: 'demo-checker-2018' },
  { email: 'auditor@claimledger.example', displayName: 'Audrey Auditor', role: 'AUDITOR', password: 'demo-auditor-2018' },
];

const SYSTEM = { userId: null, label: 'demo seed' };

type ActorKey = 'pompeo' | 'lavrov' | 'wang' | 'trump' | 'kim' | 'ri' | 'usgov' | 'ft';
type SourceKey = 'ft' | 'res2397' | 'poe2019' | 'tests2017' | 'punggyeri' | 'hold2018' | 'unga2018' | 'pyongyang';

const ACTORS: Record<ActorKey, Record<string, unknown>> = {
  pompeo: { name: 'Mike Pompeo', kind: 'PERSON', title: 'US Secretary of State (2018–2021)', country: 'US', wikidataId: 'Q473239' },
  lavrov: { name: 'Sergei Lavrov', kind: 'PERSON', title: 'Foreign Minister of Russia', country: 'RU', wikidataId: 'Q131660' },
  wang: { name: 'Wang Yi', kind: 'PERSON', title: 'Foreign Minister of China', country: 'CN' },
  trump: { name: 'Donald Trump', kind: 'PERSON', title: 'President of the United States (2017–2021)', country: 'US', wikidataId: 'Q22686' },
  kim: { name: 'Kim Jong Un', kind: 'PERSON', title: 'Leader of North Korea', country: 'KP', wikidataId: 'Q56226' },
  ri: { name: 'Ri Yong Ho', kind: 'PERSON', title: 'Foreign Minister of North Korea', country: 'KP', aliases: ['Ri Hong Yo'] },
  usgov: { name: 'United States government', kind: 'GOVERNMENT', country: 'US' },
  ft: { name: 'Financial Times', kind: 'OUTLET', country: 'GB' },
};

const SOURCES: Record<SourceKey, Record<string, unknown>> = {
  ft: {
    title: 'Report on the UN Security Council meeting on North Korea, New York',
    publisher: 'Financial Times',
    author: 'Katrina Manson',
    publishedOn: '2018-09-27',
    kind: 'ARTICLE',
  },
  res2397: {
    title: 'UN Security Council resolution 2397 (2017)',
    url: 'https://undocs.org/S/RES/2397(2017)',
    publisher: 'United Nations Security Council',
    publishedOn: '2017-12-22',
    kind: 'REPORT',
  },
  poe2019: {
    title: 'Final report of the Panel of Experts established pursuant to resolution 1874 (2009), S/2019/171',
    url: 'https://undocs.org/S/2019/171',
    publisher: 'United Nations Security Council',
    publishedOn: '2019-03-05',
    kind: 'REPORT',
  },
  tests2017: {
    title: "Record of North Korea's sixth nuclear test (3 September 2017) and ICBM launch (29 November 2017)",
    publisher: 'Comprehensive Nuclear-Test-Ban Treaty Organization',
    kind: 'DATASET',
  },
  punggyeri: {
    title: 'Punggye-ri nuclear test site demolished before foreign journalists, no inspectors present',
    publishedOn: '2018-05-24',
    kind: 'ARTICLE',
  },
  hold2018: {
    title: 'Russia and China hold US request to declare North Korea refined-petroleum cap breached',
    publishedOn: '2018-07-19',
    kind: 'ARTICLE',
  },
  unga2018: {
    title: 'Remarks by President Trump to the 73rd Session of the United Nations General Assembly',
    publisher: 'The White House',
    publishedOn: '2018-09-25',
    kind: 'TRANSCRIPT',
  },
  pyongyang: {
    title: "Secretary Pompeo's travel to Pyongyang, 7 October 2018",
    publisher: 'US Department of State',
    publishedOn: '2018-10-07',
    kind: 'SPEECH',
  },
};

interface SeedSummary {
  users: number;
  actors: number;
  sources: number;
  claims: number;
}

export async function seedDemo(services: Services, log: Logger): Promise<SeedSummary> {
  const summary: SeedSummary = { users: 0, actors: 0, sources: 0, claims: 0 };
  const staff = {} as Record<Role, StaffViewer>;
  for (const u of DEMO_USERS) {
    let user = await services.users.byEmail(u.email);
    if (!user) {
      user = await services.users.create(SYSTEM, u);
      summary.users++;
    }
    staff[u.role] = { kind: 'user', userId: user.id, role: user.role, displayName: user.displayName, sessionId: null };
  }
  const checker = staff.FACT_CHECKER;
  const editor = staff.EDITOR;
  const admin = staff.ADMIN;

  const actor = {} as Record<ActorKey, string>;
  for (const [key, input] of Object.entries(ACTORS) as [ActorKey, Record<string, unknown>][]) {
    const [found] = await rows<{ id: string }>(services.dataSource, 'SELECT id FROM actors WHERE name = $1', [input.name]);
    actor[key] = found?.id ?? (await services.actors.create(checker, input)).id;
    if (!found) summary.actors++;
  }
  const source = {} as Record<SourceKey, string>;
  for (const [key, input] of Object.entries(SOURCES) as [SourceKey, Record<string, unknown>][]) {
    const [found] = await rows<{ id: string }>(services.dataSource, 'SELECT id FROM sources WHERE title = $1', [input.title]);
    source[key] = found?.id ?? (await services.sources.create(checker, input)).id;
    if (!found) summary.sources++;
  }

  const { claims, evidence, disputes } = services;
  /** Creates the claim unless a claim with the same text exists; then runs its story. */
  const claim = async (input: Record<string, unknown>, story: (c: ClaimRecord) => Promise<ClaimRecord | void>) => {
    const [found] = await rows<{ id: string }>(services.dataSource, 'SELECT id FROM claims WHERE text = $1', [input.text]);
    if (found) return;
    const created = await claims.create(checker, input);
    await story(created);
    summary.claims++;
  };
  const addEvidence = async (c: ClaimRecord, input: Record<string, unknown>) => {
    await evidence.add(checker, c.id, (await latest(c)).version, input);
  };
  const latest = async (c: { id: string }) => (await services.claimReads.get(editor, c.id))!;

  const common = { claimedOn: '2018-09-27', context: 'UN Security Council meeting on North Korea, New York', firstAppearanceId: source.ft };

  // 1. Published, with a dispute from outside parties that was rejected.
  await claim(
    {
      ...common,
      text: "North Korea's 2018 imports of refined petroleum exceeded the UN cap of 500,000 barrels a year.",
      quote: 'the cap of 500,000 barrels has been breached this year',
      claimantId: actor.pompeo,
      attributionStatus: 'VERIFIED',
      topics: ['Sanctions', 'North Korea', 'Oil'],
    },
    async (c) => {
      await addEvidence(c, {
        sourceId: source.res2397,
        stance: 'CONTEXT',
        reliability: 5,
        excerpt: 'Caps refined-petroleum supplies to North Korea at 500,000 barrels a year.',
      });
      await addEvidence(c, {
        sourceId: source.poe2019,
        stance: 'SUPPORTS',
        reliability: 5,
        excerpt: 'Documents continued illegal ship-to-ship transfers of refined petroleum beyond the cap.',
      });
      let v = await claims.submit(checker, c.id, (await latest(c)).version);
      v = await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'MOSTLY_TRUE',
        rationale:
          "The UN Panel of Experts later documented imports beyond the cap; the exact 2018 volume rests on a US assessment that Russia and China questioned.",
      });
      v = await claims.approve(editor, c.id, v.version);
      const d = await disputes.open(checker, c.id, v.version, {
        reason: 'Asked the sanctions committee for more information before declaring the cap breached (July 2018 hold).',
        raisedByName: 'Russian and Chinese delegations to the UN sanctions committee',
        counterEvidence: 'Hold placed on the US request in July 2018.',
      });
      await disputes.resolve(editor, d.id, null, {
        outcome: 'REJECTED',
        note: "The Panel of Experts' March 2019 report documents transfers beyond the cap; the verdict stands.",
      });
    },
  );

  // 2. Published, with an open dispute: public readers see it is disputed.
  await claim(
    {
      ...common,
      text: 'North Korea keeps importing refined petroleum through ship-to-ship transfers banned by UN resolutions.',
      quote: 'illegal imports of additional refined petroleum using ship-to-ship transfers',
      claimantId: actor.pompeo,
      attributionStatus: 'VERIFIED',
      topics: ['Sanctions', 'North Korea', 'Oil'],
    },
    async (c) => {
      await addEvidence(c, { sourceId: source.poe2019, stance: 'SUPPORTS', reliability: 5 });
      await addEvidence(c, { sourceId: source.res2397, stance: 'CONTEXT', reliability: 5 });
      let v = await claims.submit(checker, c.id, (await latest(c)).version);
      v = await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'TRUE',
        rationale: 'The UN Panel of Experts documented such transfers in 2018 and 2019.',
      });
      v = await claims.approve(editor, c.id, v.version);
      await disputes.open(checker, c.id, v.version, {
        reason: 'A reader argues that not every transfer shown was proven to involve North Korean vessels.',
        raisedByName: 'Reader correspondence',
      });
    },
  );

  // 3. Pending approval: proposed by the fact-checker, waiting for the editor.
  await claim(
    {
      ...common,
      text: 'North Korea has dodged the full impact of UN sanctions.',
      claimantId: actor.pompeo,
      attributionStatus: 'PARAPHRASED',
      topics: ['Sanctions', 'North Korea'],
      internalNote: 'Reported speech in the FT piece; no verbatim quote.',
    },
    async (c) => {
      await addEvidence(c, { sourceId: source.poe2019, stance: 'SUPPORTS', reliability: 4 });
      const v = await claims.submit(checker, c.id, (await latest(c)).version);
      await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'MOSTLY_TRUE',
        rationale: 'Evasion through ship-to-ship transfers is documented; "full impact" is a judgement.',
      });
    },
  );

  // 4. Published, corrected once: the first public verdict stays in the corrections list.
  await claim(
    {
      ...common,
      text: 'Since UN sanctions took effect late in 2017, North Korea has not conducted a nuclear or missile test.',
      claimantId: actor.ft,
      attributionStatus: 'VERIFIED',
      topics: ['North Korea', 'Nuclear weapons'],
    },
    async (c) => {
      await addEvidence(c, {
        sourceId: source.tests2017,
        stance: 'SUPPORTS',
        reliability: 5,
        excerpt: 'Sixth nuclear test on 3 September 2017; last ICBM launch before the meeting on 29 November 2017.',
      });
      let v = await claims.submit(checker, c.id, (await latest(c)).version);
      v = await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'MOSTLY_TRUE',
        rationale: 'No nuclear test since September 2017; missile launch record still being checked.',
      });
      v = await claims.approve(editor, c.id, v.version);
      v = await claims.reopen(editor, c.id, v.version, 'The ICBM launch record is now confirmed: no launch after 29 November 2017.');
      v = await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'TRUE',
        rationale: 'No nuclear test after 3 September 2017 and no ICBM launch after 29 November 2017 up to the meeting.',
      });
      await claims.approve(editor, c.id, v.version);
    },
  );

  // 5. In review, with context evidence, assigned to the fact-checker.
  await claim(
    {
      ...common,
      text: 'North Korea has begun dismantling some weapons installations and invited international inspectors to verify some of its actions.',
      claimantId: actor.ft,
      topics: ['North Korea', 'Nuclear weapons'],
    },
    async (c) => {
      await addEvidence(c, {
        sourceId: source.punggyeri,
        stance: 'CONTEXT',
        reliability: 3,
        excerpt: 'Punggye-ri was demolished before foreign journalists, without international inspectors.',
      });
      const v = await claims.submit(checker, c.id, (await latest(c)).version);
      await claims.assign(editor, c.id, v.version, checker.userId);
    },
  );

  // 6. An opinion: published as NOT_CHECKABLE, no evidence needed.
  await claim(
    {
      ...common,
      text: "Steps by North Korea towards gradual disarmament should be followed by an easing of sanctions.",
      quote: 'Steps by [North Korea] towards gradual disarmament should be followed by easing of sanctions',
      claimantId: actor.lavrov,
      attributionStatus: 'VERIFIED',
      topics: ['Sanctions', 'Diplomacy'],
    },
    async (c) => {
      let v = await claims.submit(checker, c.id, c.version);
      v = await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'NOT_CHECKABLE',
        rationale: 'A policy position, not a statement of fact.',
      });
      await claims.approve(editor, c.id, v.version);
    },
  );

  // 7. Archived: an opinion already covered by claim 6.
  await claim(
    {
      ...common,
      text: 'Tightening sanctions on North Korea now is inappropriate and untimely.',
      quote: 'inappropriate and untimely',
      claimantId: actor.lavrov,
      topics: ['Sanctions', 'Diplomacy'],
    },
    async (c) => {
      await claims.archive(editor, c.id, c.version, 'Opinion; the position is covered by the claim on easing sanctions.');
    },
  );

  // 8. Draft.
  await claim(
    {
      ...common,
      text: 'The United States should agree a timely declaration ending the Korean War.',
      quote: 'a timely end of war declaration',
      claimantId: actor.wang,
      topics: ['Diplomacy', 'Korean War'],
    },
    async () => undefined,
  );

  // 9. In review: was it said? Attribution to be checked against the transcript.
  await claim(
    {
      text: 'Donald Trump said at the 2018 UN General Assembly that he had gotten to know and like Kim Jong Un.',
      quote: 'gotten to know and like',
      claimantId: actor.trump,
      claimedOn: '2018-09-25',
      context: '73rd UN General Assembly, New York (as reported by the Financial Times)',
      firstAppearanceId: source.ft,
      topics: ['Diplomacy', 'North Korea'],
      internalNote: 'Check the White House transcript before rating.',
    },
    async (c) => {
      await addEvidence(c, { sourceId: source.unga2018, stance: 'CONTEXT', reliability: 5, isPublic: true });
      const v = await claims.submit(checker, c.id, (await latest(c)).version);
      await claims.assign(editor, c.id, v.version, checker.userId);
    },
  );

  // 10. Draft.
  await claim(
    {
      ...common,
      text: "Mike Pompeo had a positive meeting with North Korea's foreign minister Ri Yong Ho that week.",
      quote: 'positive',
      claimantId: actor.pompeo,
      topics: ['Diplomacy', 'North Korea'],
    },
    async () => undefined,
  );

  // 11. Published: the visit happened (7 October 2018).
  await claim(
    {
      ...common,
      text: "Mike Pompeo is due to visit North Korea the following month at Kim Jong Un's invitation.",
      claimantId: actor.ft,
      attributionStatus: 'VERIFIED',
      topics: ['Diplomacy', 'North Korea'],
    },
    async (c) => {
      await addEvidence(c, { sourceId: source.pyongyang, stance: 'SUPPORTS', reliability: 5 });
      let v = await claims.submit(checker, c.id, (await latest(c)).version);
      v = await claims.proposeVerdict(checker, c.id, v.version, {
        verdict: 'TRUE',
        rationale: 'Pompeo visited Pyongyang on 7 October 2018.',
      });
      await claims.approve(admin, c.id, v.version);
    },
  );

  log.info(summary, 'demo data loaded');
  return summary;
}
