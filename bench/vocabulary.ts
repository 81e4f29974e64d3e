/**
 * The words the benchmark's claims are written in and the searches it sends: English and four
 * other languages of the newsroom (French, Spanish, Arabic, Chinese), each a vocabulary with a long
 * tail as real ones have — its topical words first (the ones drawn most often), then thousands of
 * rarer made-up ones in the same script — drawn with a power law by the generator (data.ts).
 */

export interface Language {
  /** The claim's language tag. */
  tag: string;
  /** Of every 40 claims, how many are in this language. */
  share: number;
  /** Chinese is written without spaces between words. */
  separator: string;
  /** Exactly VOCABULARY_SIZE words, most common first. */
  words: string[];
}

export const VOCABULARY_SIZE = 5000;

/** The rarer words: three syllables from a script's 18, plus a language's ending. */
function longTail(topical: string, syllables: string[], ending: string): string[] {
  const words = topical.split(' ');
  for (let i = 0; words.length < VOCABULARY_SIZE; i++) {
    const a = syllables[i % 18]!;
    const b = syllables[Math.floor(i / 18) % 18]!;
    const c = syllables[Math.floor(i / 324) % 18]!;
    words.push(`${a}${b}${c}${ending}`);
  }
  return words;
}

const LATIN = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'ze', 'bo', 'da', 'fe', 'gu', 'hi', 'jo', 'pe', 'ri', 'tu'];
const ARABIC = ['كا', 'لو', 'مي', 'نا', 'رو', 'سا', 'تو', 'في', 'زي', 'بو', 'دا', 'فا', 'غو', 'هي', 'جو', 'بي', 'ري', 'طو'];
const HAN = ['安', '北', '长', '东', '发', '国', '海', '华', '江', '金', '京', '民', '南', '平', '山', '天', '新', '中'];

// Topical words in each language, the searched ones (SEARCH_TERMS) at ranks 20–40 so that each
// matches a few hundred claims per 100,000, as the English ones do. Inflected and accented forms
// are deliberate: stemming and accent-insensitive search have something to do. The names (Pompeo,
// Ri Yong Ho, Zoë Moreau) are there for misspelt searches.
export const ENGLISH = longTail(
  'sanctions oil cap barrels petroleum imports exports ship transfer missile nuclear test launch ' +
    'treaty inspectors minister president government election vote budget deficit tax spending ' +
    'unemployment inflation growth wages prices housing rent migration border asylum crime police ' +
    'hospital vaccine virus doctors nurses schools teachers students climate emissions coal gas ' +
    'solar wind energy electricity water drought flood harvest farmers wheat rice tariffs ' +
    'trade deal summit talks ceasefire troops army navy weapons refugees aid donors debt bank ' +
    'currency market shares profits jobs factory steel cars roads railway airport ports fishing',
  LATIN,
  'n',
);

const FRENCH = longTail(
  'le gouvernement a dit que les prix du ministre président pays année contre plus depuis selon ' +
    'millions hausse baisse milliards élections économie pétrolières sanctions chômage frontière ' +
    'Pompeo Zoë Moreau hôpitaux médecins réfugiés impôts logement écoles énergie récoltes agriculteurs ' +
    'armée traité négociations inflation salaires budget déficit dette banque marché emplois usine',
  LATIN,
  'e',
);

const SPANISH = longTail(
  'el gobierno dijo que los precios del ministro presidente país año contra más desde según ' +
    'millones subida bajada señor inflación vivienda elecciones sanciones petróleo desempleo frontera ' +
    'Pompeo Ri Yong Ho hospitales médicos refugiados impuestos escuelas energía cosechas agricultores ' +
    'ejército tratado negociaciones salarios presupuesto déficit deuda banco mercado empleos fábrica',
  LATIN,
  'o',
);

const ARABIC_WORDS = longTail(
  'قال وزير الحكومة إن الرئيس في عام على من إلى أن هذا التي الذي مليون مليار البلاد ارتفاع انخفاض ' +
    'العقوبات النفط الأسعار الانتخابات البطالة الحدود بومبيو ري يونغ هو المستشفيات الأطباء اللاجئين ' +
    'الضرائب السكن المدارس الطاقة المحاصيل المزارعين الجيش المعاهدة المفاوضات التضخم الأجور الميزانية',
  ARABIC,
  'ة',
);

const CHINESE = longTail(
  '政府 表示 部长 总统 国家 今年 反对 更多 自从 根据 百万 亿 上涨 下降 对 的 了 在 是 和 ' +
    '制裁 石油 朝鲜 选举 失业 边境 蓬佩奥 李勇浩 医院 医生 难民 税收 住房 学校 能源 收成 农民 ' +
    '军队 条约 谈判 通胀 工资 预算 赤字 债务 银行 市场 就业 工厂',
  HAN,
  '',
);

export const LANGUAGES: Language[] = [
  { tag: 'en', share: 28, separator: ' ', words: ENGLISH },
  { tag: 'fr', share: 3, separator: ' ', words: FRENCH },
  { tag: 'es', share: 3, separator: ' ', words: SPANISH },
  { tag: 'ar', share: 3, separator: ' ', words: ARABIC_WORDS },
  { tag: 'zh', share: 3, separator: '', words: CHINESE },
];

/**
 * What the search scenario looks for. English: words of middling frequency, alone or in pairs (a
 * few hundred matches per 100,000 claims). Then searches in the other languages: a stemmed or
 * plural form, an accent left out ("economie" for "économie", "senor" for "señor"), a word inside
 * unspaced Chinese text ("制裁" in "…朝鲜制裁…"), Arabic, and misspelt names ("Pompei" for Pompeo,
 * "Ri Hong Yo" for Ri Yong Ho, as the seed article writes it) that full-text search cannot find,
 * so a similarity fallback must. A schema without those features answers them with no matches;
 * the scenario works either way.
 */
export const ENGLISH_SEARCHES: string[] = Array.from({ length: 60 }, (_, i) =>
  i % 2 === 0 ? ENGLISH[150 + i * 5]! : `${ENGLISH[40 + i]!} ${ENGLISH[200 + i * 3]!}`,
);
export const OTHER_SEARCHES: string[] = [
  'élection',
  'economie',
  'sanctions pétrolières',
  'señor',
  'inflacion vivienda',
  'العقوبات',
  'النفط الأسعار',
  '制裁',
  '石油',
  'Pompei',
  'Ri Hong Yo',
  'Zoe Moreau',
];
export const SEARCH_TERMS: string[] = [...ENGLISH_SEARCHES, ...OTHER_SEARCHES];
