// The basic information of a personal file (基本信息): a drawer to add a subject from the
// roster, or to edit one from the file. The ID number is checked as it is typed and the birth
// date, sex and age it gives are shown. A second file for an ID number already on file is
// refused by the backend as a possible duplicate: the form stays open and shows both, side
// by side; nothing is ever merged.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  DatePicker,
  Drawer,
  Input,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { CloseOutlined, FolderOpenOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type SubjectFileView,
  type SubjectRow,
} from '../backend';
import { todayIso } from '../dates';
import { ageOn, checkIdNumber } from '../idnumber';
import { CATEGORY_CODES, categoryLabel, sexLabel, statusLabel, useI18n } from '../i18n';
import {
  EDUCATION_OPTIONS,
  SUBJECT_FIELDS,
  ETHNICITY_OPTIONS,
  MARITAL_OPTIONS,
  NEW_STATUS_CODES,
  checkSubject,
  emptySubjectValues,
  fieldLabel,
  firstError,
  toNewSubject,
  toSubjectChanges,
  valuesFromFile,
  type SubjectField,
  type SubjectFormValues,
} from '../subjectForm';
import { ErrorAlert } from './ErrorAlert';
import './SubjectForm.css';

export interface Village {
  code: string;
  name: string;
}

export interface SubjectFormProps {
  open: boolean;
  /** The file to edit; absent to add a subject. */
  file?: SubjectFileView | null;
  /** The villages to choose from (the roster's). */
  villages: Village[];
  onClose: () => void;
  onSaved: (file: SubjectFileView) => void;
  /** Opens an existing file from the duplicate panel (on the roster only). */
  onOpenExisting?: (subjectId: string) => void;
}

const DATE_FORMAT = 'YYYY-MM-DD';

export function SubjectForm(props: SubjectFormProps) {
  const { t } = useI18n();
  return (
    <Drawer
      open={props.open}
      title={props.file ? t.sfEditTitle : t.sfNew}
      size={760}
      onClose={props.onClose}
      destroyOnHidden
      className="record-drawer subject-drawer"
    >
      <SubjectFormBody {...props} />
    </Drawer>
  );
}

function SubjectFormBody({ file, villages, onClose, onSaved, onOpenExisting }: SubjectFormProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const editing = Boolean(file);
  const initial = useMemo(
    () => (file ? valuesFromFile(file) : emptySubjectValues(villages.length === 1 ? villages[0].code : '')),
    [file, villages],
  );
  const [values, setValues] = useState<SubjectFormValues>(initial);
  const [touched, setTouched] = useState<Partial<Record<SubjectField, boolean>>>({});
  const [left, setLeft] = useState<Partial<Record<SubjectField, boolean>>>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [duplicates, setDuplicates] = useState<{ typed: SubjectFormValues; rows: SubjectRow[] } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const errors = useMemo(() => checkSubject(values, t), [values, t]);
  const first = firstError(errors);
  const valid = !first;
  const idCheck = checkIdNumber(values.id_number);
  const today = useMemo(() => todayIso(), []);

  // The name field (or, editing, the first field) has the focus when the form opens.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      formRef.current?.querySelector<HTMLElement>('[data-field=name] input')?.focus();
    }, 60);
    return () => window.clearTimeout(timer);
  }, []);

  const villageOptions = useMemo(() => {
    const list = [...villages];
    if (file && !list.some((v) => v.code === file.subject.jurisdiction)) {
      list.push({ code: file.subject.jurisdiction, name: file.subject.jurisdiction_name });
    }
    return list.map((v) => ({ value: v.code, label: v.name }));
  }, [villages, file]);

  const set = (field: SubjectField, value: string) => {
    setValues((prev) => ({ ...prev, [field]: value }));
    setTouched((prev) => ({ ...prev, [field]: true }));
    if (field === 'id_number') setDuplicates(null);
  };
  const leave = (field: SubjectField) => {
    setTouched((prev) => ({ ...prev, [field]: true }));
    setLeft((prev) => ({ ...prev, [field]: true }));
  };

  // Out-of-range and wrong-number messages show at once; "fill in" and an ID number still
  // being typed wait until the user leaves the field (or tries to save).
  const shown = (field: SubjectField): string | undefined => {
    const message = errors[field];
    if (!message) return undefined;
    if (tried || left[field]) return message;
    if (!touched[field]) return undefined;
    const label = fieldLabel(t, field);
    if (message === t.vRequired(label) || message === t.vChoose(label)) return undefined;
    if (field === 'id_number' && !idCheck.ok && idCheck.problem === 'length') return undefined;
    if ((field === 'correction_start' || field === 'correction_end') && message === t.vDateFormat(label))
      return undefined;
    return message;
  };

  const save = async () => {
    if (busy) return;
    setTried(true);
    if (!valid) {
      // Take the user to the first field to correct.
      const field = SUBJECT_FIELDS.find((f) => errors[f]);
      const box = formRef.current?.querySelector<HTMLElement>(`[data-field=${field}]`);
      box?.scrollIntoView?.({ block: 'center' });
      box?.querySelector<HTMLElement>('input, textarea')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setDuplicates(null);
    try {
      if (file) {
        const changes = toSubjectChanges(valuesFromFile(file), values);
        if (Object.keys(changes).length === 0) {
          onSaved(file);
          return;
        }
        onSaved(await backend.subjectUpdate(file.subject.id, changes));
      } else {
        onSaved(await backend.subjectAdd(toNewSubject(values)));
      }
    } catch (reason) {
      const e = normaliseError(reason);
      if (e.code === 'possible_duplicate') {
        let rows: SubjectRow[] = [];
        try {
          rows = await backend.subjectDuplicates(values.id_number.trim());
        } catch {
          // Shown as "kept by another office" below; the refusal itself still stands.
        }
        setDuplicates({ typed: { ...values }, rows: rows.filter((r) => r.id !== file?.subject.id) });
      } else {
        setError(e);
      }
      setBusy(false);
    }
  };

  // The duplicate panel sits at the top of the form: bring it into view when it appears.
  const panelRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!duplicates) return;
    panelRef.current?.scrollIntoView?.({ block: 'start' });
    // Keyboard users land on the panel (read out as an alert); Tab reaches its buttons. Not
    // on a button: an Enter pressed out of habit must not leave the form.
    panelRef.current?.focus({ preventScroll: true });
  }, [duplicates]);

  const fixId = () => {
    setDuplicates(null);
    formRef.current?.querySelector<HTMLElement>('[data-field=id_number] input')?.focus();
  };

  const text = (field: SubjectField, extra?: { maxLength?: number; placeholder?: string }) => (
    <Input
      id={`sf-${field}`}
      data-testid={`sf-${field}`}
      value={values[field]}
      status={shown(field) ? 'error' : undefined}
      maxLength={extra?.maxLength}
      placeholder={extra?.placeholder}
      onChange={(e) => set(field, e.target.value)}
      onBlur={() => leave(field)}
    />
  );

  const date = (field: 'correction_start' | 'correction_end') => {
    const parsed = values[field] ? dayjs(values[field], DATE_FORMAT, true) : null;
    return (
      <DatePicker
        id={`sf-${field}`}
        data-testid={`sf-${field}`}
        className="sf-date"
        format={DATE_FORMAT}
        placeholder="YYYY-MM-DD"
        value={parsed && parsed.isValid() ? parsed : null}
        status={shown(field) ? 'error' : undefined}
        onChange={(d) => set(field, d ? d.format(DATE_FORMAT) : '')}
        onBlur={() => leave(field)}
      />
    );
  };

  const choices = (field: SubjectField, options: string[]) => (
    <Select
      id={`sf-${field}`}
      data-testid={`sf-${field}`}
      value={values[field] || undefined}
      allowClear
      placeholder={t.choosePlaceholder}
      options={options.map((o) => ({ value: o, label: o }))}
      onChange={(v) => set(field, (v as string | undefined) ?? '')}
      onBlur={() => leave(field)}
    />
  );

  const row = (field: SubjectField, control: ReactNode, options?: { wide?: boolean; note?: ReactNode }) => (
    <div className={`rf-field sf-field${options?.wide ? ' sf-wide' : ''}`} data-field={field}>
      <label htmlFor={`sf-${field}`} className="rf-label">
        {fieldLabel(t, field)}
        {(['name', 'id_number', 'jurisdiction', 'category', 'correction_start', 'correction_end'] as SubjectField[]).includes(field) && (
          <span className="rf-required" aria-hidden>
            {' '}
            *
          </span>
        )}
      </label>
      {control}
      {shown(field) ? (
        <div className="rf-error" data-testid={`sf-error-${field}`}>
          {shown(field)}
        </div>
      ) : (
        options?.note
      )}
    </div>
  );

  const idNote = idCheck.ok ? (
    <div className="sf-derived" data-testid="sf-id-derived" aria-live="polite">
      {t.sfIdDerived(idCheck.birthDate, sexLabel(lang, idCheck.sex), ageOn(idCheck.birthDate, today))}
      <span className="muted sf-derived-note">{t.sfIdDerivedNote}</span>
    </div>
  ) : values.id_number.trim() !== '' ? (
    <div className="sf-derived muted" data-testid="sf-id-derived" aria-live="polite">
      {t.sfIdTyping(values.id_number.trim().length)}
    </div>
  ) : null;

  return (
    <form
      ref={formRef}
      className="record-form subject-form"
      data-testid="subject-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="record-form-fields sf-fields">
        {duplicates && (
          <div ref={panelRef} tabIndex={-1} className="dup-focus">
          <DuplicatePanel
            typed={duplicates.typed}
            rows={duplicates.rows}
            villages={villageOptions}
            onOpen={editing ? undefined : onOpenExisting}
            onFixId={fixId}
          />
          </div>
        )}

        <h3 className="sf-section">{t.sfSectionPerson}</h3>
        <div className="sf-grid">
          {row('name', text('name', { maxLength: 50 }))}
          {row(
            'id_number',
            <Input
              id="sf-id_number"
              data-testid="sf-id_number"
              className="mono"
              value={values.id_number}
              maxLength={18}
              status={shown('id_number') ? 'error' : undefined}
              onChange={(e) => set('id_number', e.target.value)}
              onBlur={() => leave('id_number')}
            />,
            { note: idNote },
          )}
          {row(
            'ethnicity',
            <AutoComplete
              id="sf-ethnicity"
              data-testid="sf-ethnicity"
              value={values.ethnicity}
              options={ETHNICITY_OPTIONS.map((o) => ({ value: o }))}
              onChange={(v) => set('ethnicity', v ?? '')}
              onBlur={() => leave('ethnicity')}
            />,
          )}
          {row('phone', text('phone', { maxLength: 20 }))}
          {row('education', choices('education', EDUCATION_OPTIONS))}
          {row('marital_status', choices('marital_status', MARITAL_OPTIONS))}
        </div>

        <h3 className="sf-section">{t.sfSectionAddress}</h3>
        <div className="sf-grid">
          {row(
            'jurisdiction',
            <Select
              id="sf-jurisdiction"
              data-testid="sf-jurisdiction"
              value={values.jurisdiction || undefined}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t.sfVillagePlaceholder}
              status={shown('jurisdiction') ? 'error' : undefined}
              options={villageOptions}
              onChange={(v) => set('jurisdiction', (v as string | undefined) ?? '')}
              onBlur={() => leave('jurisdiction')}
            />,
          )}
          <div className="sf-field" aria-hidden />
          {row('household_address', text('household_address'), { wide: true })}
          {row(
            'residence_address',
            <Space.Compact className="sf-compact">
              {text('residence_address')}
              <Button
                onClick={() => set('residence_address', values.household_address)}
                disabled={values.household_address.trim() === ''}
                data-testid="sf-same-address"
              >
                {t.sfSameAsHousehold}
              </Button>
            </Space.Compact>,
            { wide: true },
          )}
        </div>

        <h3 className="sf-section">{t.sfSectionCase}</h3>
        <div className="sf-grid">
          {row(
            'category',
            <Radio.Group
              id="sf-category"
              data-testid="sf-category"
              optionType="button"
              value={values.category || undefined}
              onChange={(e) => set('category', e.target.value as string)}
              options={CATEGORY_CODES.map((c) => ({ value: c, label: categoryLabel(lang, c) }))}
            />,
            { wide: true },
          )}
          {row('crime', text('crime'))}
          {!editing &&
            row(
              'status',
              <Radio.Group
                id="sf-status"
                data-testid="sf-status"
                optionType="button"
                value={values.status}
                onChange={(e) => set('status', e.target.value as string)}
                options={NEW_STATUS_CODES.map((c) => ({ value: c, label: statusLabel(lang, c) }))}
              />,
              {
                note:
                  values.status === 'awaiting_report' ? (
                    <div className="muted sf-derived">{t.sfStatusNote}</div>
                  ) : undefined,
              },
            )}
          {editing && <div className="sf-field" aria-hidden />}
          {row(
            'original_sentence',
            <Input.TextArea
              id="sf-original_sentence"
              data-testid="sf-original_sentence"
              value={values.original_sentence}
              autoSize={{ minRows: 1, maxRows: 4 }}
              status={shown('original_sentence') ? 'error' : undefined}
              onChange={(e) => set('original_sentence', e.target.value)}
              onBlur={() => leave('original_sentence')}
            />,
            { wide: true },
          )}
          {row('correction_start', date('correction_start'))}
          {row('correction_end', date('correction_end'))}
        </div>
      </div>

      {error && <ErrorAlert error={error} testId="subject-error" />}

      <div className="record-form-footer">
        <Typography.Text
          type={valid || !tried ? 'secondary' : 'danger'}
          className="record-form-hint"
          data-testid="subject-form-hint"
          aria-live="polite"
        >
          {tried && first ? first : t.formKeysHint}
        </Typography.Text>
        <Space>
          <Button onClick={onClose} icon={<CloseOutlined />}>
            {t.cancel}
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={busy}
            data-testid="subject-save"
          >
            {t.save}
          </Button>
        </Space>
      </div>
    </form>
  );
}

/** The typed person beside the file(s) already holding the ID number. No merging. */
function DuplicatePanel({
  typed,
  rows,
  villages,
  onOpen,
  onFixId,
}: {
  typed: SubjectFormValues;
  rows: SubjectRow[];
  villages: Array<{ value: string; label: string }>;
  onOpen?: (subjectId: string) => void;
  onFixId: () => void;
}) {
  const { lang, t } = useI18n();
  const id = checkIdNumber(typed.id_number);
  const village = villages.find((v) => v.value === typed.jurisdiction)?.label ?? typed.jurisdiction;
  // Each date stays whole; a narrow card breaks the line between them.
  const period = (a: string, b: string): ReactNode =>
    a || b ? (
      <>
        <span className="dup-nowrap">{a}</span> {t.periodJoin} <span className="dup-nowrap">{b}</span>
      </>
    ) : (
      '—'
    );
  type Card = { title: string; subjectId?: string } & Record<string, ReactNode>;
  const typedCard: Card = {
    title: t.dupTyped,
    name: typed.name,
    id: typed.id_number.trim().toUpperCase(),
    sexBirth: id.ok ? `${sexLabel(lang, id.sex)} · ${id.birthDate}` : '—',
    village,
    category: typed.category ? categoryLabel(lang, typed.category) : '—',
    period: period(typed.correction_start, typed.correction_end),
    status: statusLabel(lang, typed.status),
    fileNo: t.dupNotSaved,
  };
  const cards = rows.map((r): Card => ({
    title: t.dupExisting(r.file_no),
    name: r.name,
    id: r.id_number,
    sexBirth: `${sexLabel(lang, r.sex)} · ${r.birth_date}`,
    village: r.jurisdiction_name,
    category: categoryLabel(lang, r.category),
    period: period(r.correction_start, r.correction_end),
    status: statusLabel(lang, r.status),
    fileNo: r.file_no,
    subjectId: r.id,
  }));
  const lines: Array<[string, string]> = [
    [t.basicName, 'name'],
    [t.basicIdNumber, 'id'],
    [`${t.basicSex} · ${t.basicBirth}`, 'sexBirth'],
    [t.fileNo, 'fileNo'],
    [t.basicVillage, 'village'],
    [t.basicCategory, 'category'],
    [t.basicPeriod, 'period'],
    [t.basicStatus, 'status'],
  ];
  return (
    <div className="duplicate-panel" data-testid="duplicate-panel" role="alert">
      <Alert type="warning" showIcon title={t.dupTitle} description={t.dupBody} />
      <div className="dup-compare">
        {[typedCard, ...cards].map((card, i) => (
          <div className={`dup-card${i === 0 ? ' dup-typed' : ' dup-existing'}`} key={card.title} data-testid={i === 0 ? 'dup-typed' : 'dup-existing'}>
            <div className="dup-card-title">{card.title}</div>
            <dl className="dup-lines">
              {lines.map(([label, key]) => (
                <div key={key} className={key === 'id' ? 'dup-same' : undefined}>
                  <dt>{label}</dt>
                  <dd className={key === 'id' || key === 'fileNo' ? 'mono' : undefined}>{(card[key] as ReactNode) || '—'}</dd>
                </div>
              ))}
            </dl>
            {i > 0 && onOpen && (
              <Button
                type="primary"
                ghost
                icon={<FolderOpenOutlined />}
                onClick={() => card.subjectId && onOpen(card.subjectId)}
                data-testid="duplicate-open"
              >
                {t.dupOpen}
              </Button>
            )}
          </div>
        ))}
        {cards.length === 0 && (
          <div className="dup-card dup-existing dup-elsewhere" data-testid="dup-elsewhere">
            {t.dupElsewhere}
          </div>
        )}
      </div>
      <div className="dup-actions">
        <Button onClick={onFixId} data-testid="duplicate-fix-id">
          {t.dupFixId}
        </Button>
      </div>
    </div>
  );
}
