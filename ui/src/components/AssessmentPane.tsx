import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Drawer,
  Empty,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type AssessmentView,
  type ErrorView,
  type LevelSuggestionView,
  type PointsTableView,
  type QuarterView,
  type SessionView,
  type SubjectRow,
} from '../backend';
import {
  assessableMonths,
  assessedQuarters,
  defaultDay,
  draftProblem,
  lastDayOf,
  suggestedMonth,
  type ItemDraft,
} from '../assessment';
import { todayIso } from '../dates';
import {
  gradeLabel,
  levelLabel,
  levelReasonLabel,
  statusLabel,
  stepLabel,
  useI18n,
  LEVEL_CODES,
} from '../i18n';
import { canDecide } from '../leave';
import { DateInput } from './DateInput';
import { ErrorAlert } from './ErrorAlert';

const GRADE_COLOUR: Record<string, string> = {
  good: 'green',
  fair: 'blue',
  pass: 'gold',
  fail: 'red',
};

const LEVEL_TAG: Record<string, string> = {
  strict: 'volcano',
  normal: 'geekblue',
  lenient: 'cyan',
};

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');

/**
 * 考核: the management level with the rules' suggestion (and the office's change form), the
 * quarterly roll-up, and the monthly assessments with the office's opinion.
 */
export function AssessmentPane({
  session,
  subject,
  onLocked,
  onLevelChanged,
}: {
  session: SessionView;
  subject: SubjectRow;
  onLocked: () => void;
  /** The level on file changed: the file's header shows it. */
  onLevelChanged: () => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [list, setList] = useState<AssessmentView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  // Bumped after a save, so the roll-up and the suggestion are read again.
  const [version, setVersion] = useState(0);

  const load = useCallback(() => {
    setError(null);
    backend.assessmentList(subject.id).then(setList, (reason) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    });
  }, [backend, subject.id, onLocked]);

  useEffect(load, [load]);

  const replace = (saved: AssessmentView) => {
    setList((prev) =>
      [saved, ...(prev ?? []).filter((a) => a.id !== saved.id)].sort((a, b) => b.month.localeCompare(a.month)),
    );
    setVersion((v) => v + 1);
  };

  const inCorrection = subject.status === 'in_correction';

  return (
    <div className="tab-pane asm-pane" data-testid="pane-assessment">
      <div className="section-head">
        <h2 className="section-title">{t.tabAssessment}</h2>
        {inCorrection && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="asm-new">
            {t.asmNew}
          </Button>
        )}
      </div>
      {!inCorrection && (
        <Alert
          type="info"
          showIcon
          className="asm-block"
          data-testid="asm-not-in-correction"
          title={t.asmNotInCorrection(statusLabel(lang, subject.status))}
        />
      )}
      <LevelBlock
        session={session}
        subject={subject}
        version={version}
        onLocked={onLocked}
        onChanged={() => {
          setVersion((v) => v + 1);
          message.success(t.lvChanged);
          onLevelChanged();
        }}
      />
      {error ? (
        <ErrorAlert
          error={error}
          testId="asm-load-error"
          action={
            <Button size="small" onClick={load}>
              {t.retry}
            </Button>
          }
        />
      ) : !list ? (
        <Spin description={t.asmLoading} />
      ) : (
        <>
          <QuarterBlock subjectId={subject.id} assessed={list} version={version} onLocked={onLocked} />
          <section className="asm-block">
            <h3 className="asm-block-title">{t.asmMonthly}</h3>
            {list.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.asmNone} />
            ) : (
              <div className="leave-list">
                {list.map((a) => (
                  <MonthCard
                    key={a.id}
                    assessment={a}
                    session={session}
                    onLocked={onLocked}
                    onChanged={(updated) => {
                      replace(updated);
                      message.success(t.asmOpinionSaved);
                    }}
                  />
                ))}
              </div>
            )}
          </section>
        </>
      )}
      <Drawer
        open={formOpen}
        title={t.asmFormTitle(subject.name)}
        size={760}
        onClose={() => setFormOpen(false)}
        destroyOnHidden
      >
        {formOpen && (
          <AssessmentForm
            subject={subject}
            assessed={list ?? []}
            onClose={() => setFormOpen(false)}
            onSaved={(saved) => {
              replace(saved);
              message.success(t.asmSavedMsg);
            }}
          />
        )}
      </Drawer>
    </div>
  );
}

function LevelBlock({
  session,
  subject,
  version,
  onLocked,
  onChanged,
}: {
  session: SessionView;
  subject: SubjectRow;
  version: number;
  onLocked: () => void;
  onChanged: () => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [s, setS] = useState<LevelSuggestionView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [to, setTo] = useState<string>('');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const fail = useCallback(
    (reason: unknown) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    },
    [onLocked],
  );

  useEffect(() => {
    setError(null);
    backend.levelSuggestion(subject.id).then((v) => {
      setS(v);
      // Offer the suggestion when it differs from the level on file.
      setTo((prev) => prev || (v.suggested !== v.current ? v.suggested : ''));
    }, fail);
  }, [backend, subject.id, version, fail]);

  const office = canDecide(session.role);
  const save = async () => {
    if (!reason.trim()) {
      setReasonMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await backend.levelChange(subject.id, to, reason.trim());
      setReason('');
      setTo('');
      onChanged();
    } catch (e) {
      fail(e);
    }
    setBusy(false);
  };

  if (!s) {
    return error ? <ErrorAlert error={error} testId="level-error" /> : null;
  }
  const same = s.current === s.suggested;
  return (
    <section className="asm-block asm-level" data-testid="level-block">
      <h3 className="asm-block-title">{t.lvTitle}</h3>
      <div className="asm-level-row">
        <span className="muted">{t.lvCurrent}</span>
        {s.current ? (
          <Tag color={LEVEL_TAG[s.current]} data-testid="level-current">
            {levelLabel(lang, s.current)}
          </Tag>
        ) : (
          <span data-testid="level-current">{t.lvNone}</span>
        )}
        <span className="muted asm-gap">{t.lvSuggested}</span>
        <Tag color={LEVEL_TAG[s.suggested]} data-testid="level-suggested">
          {levelLabel(lang, s.suggested)}
        </Tag>
        <span data-testid="level-reasons">
          <span className="muted">{t.lvBecause}</span>
          {s.reasons.map((r) => levelReasonLabel(lang, r)).join(lang === 'zh' ? '；' : '; ')}
          {s.passing_months_in_a_row > 0 && (
            <span className="muted">
              {lang === 'zh' ? '，' : ', '}
              {t.lvPassing(s.passing_months_in_a_row)}
            </span>
          )}
        </span>
        {s.current && (
          <Tag color={same ? 'green' : 'orange'} data-testid="level-agreement">
            {same ? t.lvSame : t.lvDiffers}
          </Tag>
        )}
      </div>
      {s.not_considered.length > 0 && <div className="muted small asm-note">{t.lvNotConsidered}</div>}
      {office ? (
        <div className="asm-level-change">
          <label className="muted">{t.lvTo}</label>
          <Segmented
            data-testid="level-to"
            value={to}
            onChange={(v) => setTo(String(v))}
            options={LEVEL_CODES.filter((c) => c !== s.current).map((c) => ({
              value: c,
              label: <span data-testid={`level-to-${c}`}>{levelLabel(lang, c)}</span>,
            }))}
          />
          <Input
            data-testid="level-reason"
            aria-label={t.lvReason}
            placeholder={`${t.lvReason}：${t.lvReasonPlaceholder}`}
            value={reason}
            status={reasonMissing ? 'error' : undefined}
            className="asm-level-reason"
            onChange={(e) => {
              setReason(e.target.value);
              setReasonMissing(false);
            }}
          />
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={!to || to === s.current}
            loading={busy}
            onClick={() => void save()}
            data-testid="level-save"
          >
            {t.lvSave}
          </Button>
          {reasonMissing && (
            <span className="rf-error" data-testid="level-reason-error">
              {t.lvReasonMissing}
            </span>
          )}
          {to && to !== s.suggested && (
            <div className="asm-warn small" data-testid="level-against">
              {t.lvAgainst(levelLabel(lang, s.suggested))}
            </div>
          )}
        </div>
      ) : (
        <div className="muted small" data-testid="level-office-decides">
          {t.lvOfficeDecides}
        </div>
      )}
      {error && <ErrorAlert error={error} testId="level-error" />}
    </section>
  );
}

function QuarterBlock({
  subjectId,
  assessed,
  version,
  onLocked,
}: {
  subjectId: string;
  assessed: AssessmentView[];
  version: number;
  onLocked: () => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const quarters = useMemo(() => assessedQuarters(assessed), [assessed]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [q, setQ] = useState<QuarterView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const quarter = chosen && quarters.includes(chosen) ? chosen : (quarters[0] ?? null);

  useEffect(() => {
    if (!quarter) return;
    setError(null);
    backend.assessmentQuarter(subjectId, quarter).then(setQ, (reason) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    });
  }, [backend, subjectId, quarter, version, onLocked]);

  const thisMonth = todayIso().slice(0, 7);
  // Months past and not assessed: the ones someone should see to.
  const late = (q?.missing ?? []).filter((m) => m < thisMonth);
  const name = (code: string) => {
    const [y, n] = code.split('-Q').map(Number);
    return t.asmQuarterLabel(y, n);
  };

  return (
    <section className="asm-block" data-testid="quarter-block">
      <div className="asm-block-head">
        <h3 className="asm-block-title">{t.asmQuarter}</h3>
        {quarters.length > 1 && (
          <Segmented
            size="small"
            data-testid="quarter-pick"
            value={quarter ?? undefined}
            onChange={(v) => setChosen(String(v))}
            options={quarters.slice(0, 6).map((c) => ({ value: c, label: name(c) }))}
          />
        )}
      </div>
      {!quarter ? (
        <div className="muted">{t.asmQuarterNone}</div>
      ) : error ? (
        <ErrorAlert error={error} testId="quarter-error" />
      ) : !q || q.quarter !== quarter ? (
        <Spin size="small" />
      ) : (
        <div className="asm-quarter" data-testid="quarter" data-quarter={q.quarter}>
          <div className="asm-quarter-name">{name(q.quarter)}</div>
          <div className="asm-quarter-months">
            {[...q.months.map((m) => ({ month: m.month, m })), ...q.missing.map((month) => ({ month, m: null }))]
              .sort((a, b) => a.month.localeCompare(b.month))
              .map(({ month, m }) => (
                <div key={month} className={`asm-quarter-month${m ? '' : ' missing'}`}>
                  <span className="mono">{month}</span>
                  {m ? (
                    <>
                      <strong>{t.asmPoints(m.points)}</strong>
                      <Tag color={GRADE_COLOUR[m.grade]}>{gradeLabel(lang, m.grade)}</Tag>
                    </>
                  ) : (
                    <span className="muted">
                      {month < thisMonth
                        ? t.asmMonthNotAssessed
                        : month === thisMonth
                          ? t.asmMonthRunning
                          : t.asmMonthAhead}
                    </span>
                  )}
                </div>
              ))}
          </div>
          <div className="asm-quarter-sum">
            <span>
              <span className="muted">{t.asmQuarterTotal} </span>
              <strong data-testid="quarter-total">{t.asmPoints(q.total)}</strong>
            </span>
            <span>
              <span className="muted">{t.asmQuarterAverage} </span>
              <strong data-testid="quarter-average">{t.asmPoints(q.average)}</strong>
            </span>
            <span>
              <span className="muted">{t.asmQuarterGrade} </span>
              <Tag color={GRADE_COLOUR[q.grade]} data-testid="quarter-grade">
                {gradeLabel(lang, q.grade)}
              </Tag>
            </span>
            <span>
              <span className="muted">{t.asmQuarterProposal} </span>
              {q.proposal ? (
                <Tag color={q.proposal === 'praise' ? 'green' : 'red'} data-testid="quarter-proposal">
                  {stepLabel(lang, q.proposal)}
                </Tag>
              ) : (
                <span data-testid="quarter-proposal">{t.asmQuarterNoProposal}</span>
              )}
            </span>
          </div>
          {q.missing.length > 0 && (
            <div className="muted small" data-testid="quarter-missing">
              {late.length > 0 && t.asmQuarterMissing(late.join(lang === 'zh' ? '、' : ', '))} {t.asmQuarterRule}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** The scored lines and what they add up to: used in the list and after saving. */
function ScoreDetail({ a }: { a: AssessmentView }) {
  const { lang, t } = useI18n();
  return (
    <>
      {a.lines.length === 0 ? (
        <div className="muted">{t.asmNoItems}</div>
      ) : (
        <ul className="asm-lines" data-testid="asm-lines">
          {a.lines.map((l, i) => (
            <li key={`${l.code}-${i}`}>
              <span>
                {l.label} ×{l.count}
                {l.counted !== l.count && <span className="muted">{t.asmCapped(l.count, l.counted)}</span>}
              </span>
              <span className={l.points < 0 ? 'asm-minus' : 'asm-plus'}>{signed(l.points)}</span>
            </li>
          ))}
        </ul>
      )}
      {a.proposal && (
        <Alert
          type={a.proposal === 'praise' ? 'success' : 'warning'}
          showIcon
          className="asm-proposal"
          data-testid="asm-proposal"
          title={t.asmProposalNote(stepLabel(lang, a.proposal))}
        />
      )}
    </>
  );
}

function MonthCard({
  assessment: a,
  session,
  onLocked,
  onChanged,
}: {
  assessment: AssessmentView;
  session: SessionView;
  onLocked: () => void;
  onChanged: (a: AssessmentView) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [opinion, setOpinion] = useState(a.office_opinion ?? '');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const office = canDecide(session.role);

  const save = async () => {
    if (!opinion.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await backend.assessmentOpinion(a.id, opinion.trim());
      setEditing(false);
      onChanged(updated);
    } catch (reason) {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    }
    setBusy(false);
  };

  const colon = lang === 'zh' ? '：' : ': ';
  return (
    <article className={`leave-card asm-card grade-${a.grade}`} data-testid="asm-item" data-month={a.month}>
      <div className="leave-card-head">
        <span className="leave-period mono">{a.month}</span>
        <strong className="asm-points" data-testid="asm-points">
          {t.asmPoints(a.points)}
        </strong>
        <Tag color={GRADE_COLOUR[a.grade]} data-testid="asm-grade">
          {gradeLabel(lang, a.grade)}
        </Tag>
        <span className="muted small">{t.asmAssessedBy(a.assessor, a.assessed_on)}</span>
      </div>
      <div className="leave-card-body">
        <ScoreDetail a={a} />
        <div className="asm-opinion" data-testid="asm-opinion">
          <span className="muted">{t.asmOpinion}{colon}</span>
          {a.office_opinion ? (
            <span data-testid="asm-opinion-text">{a.office_opinion}</span>
          ) : (
            <span className="muted">{t.asmOpinionNone}</span>
          )}
          {office && !editing && (
            <Button
              size="small"
              type="link"
              icon={<EditOutlined />}
              onClick={() => setEditing(true)}
              data-testid="asm-opinion-open"
            >
              {a.office_opinion ? t.asmOpinionEdit : t.asmOpinionAdd}
            </Button>
          )}
        </div>
      </div>
      {editing && (
        <div className="leave-actions leave-decide">
          <Input.TextArea
            data-testid="asm-opinion-input"
            aria-label={t.asmOpinion}
            placeholder={t.asmOpinionPlaceholder}
            value={opinion}
            status={missing ? 'error' : undefined}
            autoSize={{ minRows: 1, maxRows: 4 }}
            onChange={(e) => {
              setOpinion(e.target.value);
              setMissing(false);
            }}
          />
          <Space wrap>
            <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()} data-testid="asm-opinion-save">
              {t.asmOpinionSave}
            </Button>
            <Button onClick={() => setEditing(false)}>{t.cancel}</Button>
            {missing && (
              <span className="rf-error" data-testid="asm-opinion-error">
                {t.asmOpinionEmpty}
              </span>
            )}
          </Space>
        </div>
      )}
      {error && <ErrorAlert error={error} testId="asm-action-error" />}
    </article>
  );
}

export function AssessmentForm({
  subject,
  assessed,
  onClose,
  onSaved,
}: {
  subject: SubjectRow;
  assessed: AssessmentView[];
  onClose: () => void;
  onSaved: (a: AssessmentView) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const today = useMemo(() => todayIso(), []);
  const months = useMemo(
    () => assessableMonths(subject.correction_start, subject.correction_end, today),
    [subject.correction_start, subject.correction_end, today],
  );
  const done = useMemo(() => new Set(assessed.map((a) => a.month)), [assessed]);
  const [month, setMonth] = useState<string>(() => suggestedMonth(months, assessed) ?? '');
  const [table, setTable] = useState<PointsTableView | null>(null);
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [result, setResult] = useState<AssessmentView | null>(null);

  // The table in force at the month's end (or today, while the month runs): its base and
  // grades judge the month.
  useEffect(() => {
    if (!month) return;
    const end = lastDayOf(month);
    backend.assessmentItems(end < today ? end : today).then(setTable, (reason) => setError(normaliseError(reason)));
  }, [backend, month, today]);

  const problem = draftProblem(month, items);
  const setItem = (key: number, change: Partial<ItemDraft>) =>
    setItems((list) => list.map((it) => (it.key === key ? { ...it, ...change } : it)));

  const save = async () => {
    if (problem || busy || !month) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await backend.assess(
        subject.id,
        month,
        items.map((it) => ({ code: it.code, on: it.on, count: it.count ?? 1 })),
      );
      setResult(saved);
      onSaved(saved);
    } catch (reason) {
      setError(normaliseError(reason));
    }
    setBusy(false);
  };

  if (result) {
    return (
      <div className="record-form asm-result" data-testid="asm-result">
        <div className="record-form-fields">
          <h3 className="asm-block-title">{t.asmResultTitle(result.month)}</h3>
          <div className="asm-result-score">
            <strong data-testid="asm-result-points">{t.asmPoints(result.points)}</strong>
            <Tag color={GRADE_COLOUR[result.grade]} data-testid="asm-result-grade">
              {gradeLabel(lang, result.grade)}
            </Tag>
          </div>
          <ScoreDetail a={result} />
        </div>
        <div className="record-form-footer">
          <span />
          <Button type="primary" icon={<CheckOutlined />} onClick={onClose} data-testid="asm-done">
            {t.asmDone}
          </Button>
        </div>
      </div>
    );
  }

  const option = (i: PointsTableView['items'][number]) => ({
    value: i.code,
    label: `${lang === 'zh' ? i.label_zh : i.label_en} · ${t.asmPointsEach(i.points, i.max_per_month)}`,
  });
  const options = table
    ? [
        { label: t.asmAdditions, options: table.items.filter((i) => i.points > 0).map(option) },
        { label: t.asmDeductions, options: table.items.filter((i) => i.points < 0).map(option) },
      ]
    : [];

  return (
    <form
      className="record-form asm-form"
      data-testid="asm-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="record-form-fields">
        <div className="rf-field">
          <label htmlFor="asm-month" className="rf-label">
            {t.asmMonth}
            <span className="rf-required" aria-hidden> *</span>
          </label>
          <Select
            id="asm-month"
            data-testid="asm-month"
            className="asm-month"
            value={month || undefined}
            onChange={(m: string) => {
              setMonth(m);
              setItems([]);
            }}
            options={months.map((m) => ({
              value: m,
              label: done.has(m) ? `${m}（${t.asmMonthAssessed}）` : m,
            }))}
          />
        </div>
        {table && (
          <div className="muted small" data-testid="asm-scale">
            {t.asmScale(table.base, table.good_min, table.fair_min, table.pass_min)}
            <br />
            {t.asmLeaveAuto}
          </div>
        )}
        <div className="rf-field">
          <span className="rf-label">{t.asmItems}</span>
          {items.length === 0 && (
            <div className="muted" data-testid="asm-items-none">
              {t.asmItemsNone(table?.base ?? 100)}
            </div>
          )}
          {items.length > 0 && (
            <div className="asm-item-row asm-item-head muted small" aria-hidden>
              <span className="asm-item-code">{t.asmItemCode}</span>
              <span className="rf-date">{t.asmItemDay}</span>
              <span className="asm-item-count">{t.asmItemCount}</span>
              <span className="asm-item-remove-space" />
            </div>
          )}
          {items.map((it, n) => (
            <div className="asm-item-row" key={it.key} data-testid="asm-item-row">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                data-testid={`asm-item-code-${n}`}
                aria-label={t.asmItemCode}
                className="asm-item-code"
                placeholder={t.asmItemCodePlaceholder}
                value={it.code || undefined}
                status={problem?.key === it.key && problem.problem === 'code_missing' ? 'error' : undefined}
                onChange={(code: string) => setItem(it.key, { code })}
                options={options}
              />
              <DateInput
                testId={`asm-item-day-${n}`}
                ariaLabel={t.asmItemDay}
                value={it.on}
                onChange={(on) => setItem(it.key, { on })}
                status={
                  problem?.key === it.key && (problem.problem === 'date_missing' || problem.problem === 'date_outside')
                    ? 'error'
                    : undefined
                }
              />
              <InputNumber
                data-testid={`asm-item-count-${n}`}
                aria-label={t.asmItemCount}
                title={t.asmItemCountHint}
                className="asm-item-count"
                min={1}
                precision={0}
                value={it.count}
                suffix={lang === 'zh' ? '次' : '×'}
                onChange={(v) => setItem(it.key, { count: typeof v === 'number' ? v : null })}
              />
              <Button
                aria-label={t.asmItemRemove}
                title={t.asmItemRemove}
                icon={<DeleteOutlined />}
                onClick={() => setItems((list) => list.filter((x) => x.key !== it.key))}
                data-testid={`asm-item-remove-${n}`}
              />
            </div>
          ))}
          <div>
            <Button
              icon={<PlusOutlined />}
              disabled={!month}
              onClick={() => {
                setItems((list) => [...list, { key: nextKey, code: '', on: defaultDay(month, today), count: 1 }]);
                setNextKey((k) => k + 1);
              }}
              data-testid="asm-item-add"
            >
              {t.asmItemAdd}
            </Button>
          </div>
        </div>
      </div>
      {error && <ErrorAlert error={error} testId="asm-error" />}
      <div className="record-form-footer">
        <Typography.Text
          type={problem ? 'danger' : 'secondary'}
          className="record-form-hint"
          data-testid="asm-problem"
          aria-live="polite"
        >
          {problem ? t.asmProblem[problem.problem] : ''}
        </Typography.Text>
        <Space>
          <Button onClick={onClose} icon={<CloseOutlined />}>
            {t.cancel}
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            disabled={problem !== null || !month}
            loading={busy}
            data-testid="asm-save"
          >
            {t.asmSave}
          </Button>
        </Space>
      </div>
    </form>
  );
}
