import type { KindView, RecordView, SubjectFileView } from '../backend';
import { todayIso } from '../dates';
import {
  categoryLabel,
  keyReasonLabel,
  levelLabel,
  pick,
  sexLabel,
  statusLabel,
  useI18n,
} from '../i18n';
import { displayValue } from '../records';

/** The whole file, one section after another, for A4 paper. Shown only when printing. */
export function PrintFile({ file, kinds }: { file: SubjectFileView; kinds: KindView[] }) {
  const { lang, t } = useI18n();
  const { subject: s, detail: d, facts } = file;
  const rows: Array<[string, string | null | undefined]> = [
    [t.basicName, s.name],
    [t.fileNo, s.file_no],
    [t.basicSex, sexLabel(lang, s.sex)],
    [t.basicBirth, s.birth_date],
    [t.basicEthnicity, s.ethnicity],
    [t.basicIdNumber, s.id_number],
    [t.basicPhone, s.phone],
    [t.basicEducation, d.education],
    [t.basicMarital, d.marital_status],
    [t.basicVillage, s.jurisdiction_name],
    [t.basicHousehold, d.household_address],
    [t.basicResidence, d.residence_address],
    [t.basicCrime, s.crime],
    [t.basicSentence, d.original_sentence],
    [t.basicCategory, categoryLabel(lang, s.category)],
    [t.basicPeriod, `${s.correction_start} ${t.periodJoin} ${s.correction_end}`],
    [t.basicLevel, levelLabel(lang, s.management_level)],
    [t.basicStatus, statusLabel(lang, s.status)],
    [t.basicJudgment, d.judgment_date],
    [t.basicReported, d.reported_on],
    [
      t.keySubject,
      facts.key_subject
        ? `${t.yes}${
            facts.key_reasons.length
              ? lang === 'zh'
                ? `（${facts.key_reasons.map((r) => keyReasonLabel(lang, r)).join('、')}）`
                : ` (${facts.key_reasons.map((r) => keyReasonLabel(lang, r)).join(', ')})`
              : ''
          }`
        : t.no,
    ],
  ];
  const ordered = [...kinds.filter((k) => k.section === 'file'), ...kinds.filter((k) => k.section === 'daily')];
  const recordsOf = (kind: string) =>
    file.records
      .filter((r) => r.kind === kind)
      .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));

  return (
    <div className="print-file" data-testid="print-file">
      <header className="print-head">
        <h1>{t.personalFile}</h1>
        <div className="print-sub">
          <span>
            {s.name} · {t.fileNo} {s.file_no}
          </span>
          <span>{t.printedOn(todayIso())}</span>
        </div>
      </header>

      <section className="print-section">
        <h2>{t.tabBasic}</h2>
        <table className="print-kv">
          <tbody>
            {pairs(rows).map(([a, b], i) => (
              <tr key={i}>
                <th>{a[0]}</th>
                <td>{a[1] || '—'}</td>
                <th>{b?.[0]}</th>
                <td>{b ? b[1] || '—' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {ordered.map((kind) => (
        <PrintSection key={kind.name} kind={kind} records={recordsOf(kind.name)} />
      ))}
    </div>
  );
}

function pairs<T>(list: T[]): Array<[T, T | undefined]> {
  const out: Array<[T, T | undefined]> = [];
  for (let i = 0; i < list.length; i += 2) out.push([list[i], list[i + 1]]);
  return out;
}

function PrintSection({ kind, records }: { kind: KindView; records: RecordView[] }) {
  const { lang, t } = useI18n();
  const show = (r: RecordView, name: string) => {
    const field = kind.fields.find((f) => f.name === name)!;
    return displayValue(field, r.data[name], lang, t) || '—';
  };
  return (
    <section className="print-section">
      <h2>{pick(lang, kind)}</h2>
      {records.length === 0 ? (
        <p className="print-empty">{t.noRecords}</p>
      ) : kind.singular || kind.fields.some((f) => f.type === 'long_text') ? (
        records.map((r) => (
          <table className="print-kv print-record" key={r.id}>
            <tbody>
              {kind.fields.map((f) => (
                <tr key={f.name}>
                  <th>{pick(lang, f)}</th>
                  <td colSpan={3}>{show(r, f.name)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))
      ) : (
        <table className="print-grid">
          <thead>
            <tr>
              {kind.fields.map((f) => (
                <th key={f.name}>{pick(lang, f)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id}>
                {kind.fields.map((f) => (
                  <td key={f.name}>{show(r, f.name)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
