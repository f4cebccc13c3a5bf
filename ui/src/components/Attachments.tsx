import { useState } from 'react';
import { Button, Modal, Spin } from 'antd';
import { FileImageOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';

import { normaliseError, useBackend, type AttachmentView } from '../backend';
import { MESSAGES, useI18n, type Lang } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import type { ErrorView } from '../backend';

// Names and types of attachments seen in this session (records only keep the digest).
const known = new Map<string, AttachmentView>();

export function rememberAttachment(view: AttachmentView) {
  known.set(view.sha256, view);
}

export function attachmentName(sha: string, index: number, lang: Lang): string {
  return known.get(sha)?.name ?? MESSAGES[lang].fileN(index + 1);
}

function isPdf(sha: string, url?: string) {
  return known.get(sha)?.mime === 'application/pdf' || url?.startsWith('data:application/pdf');
}

/** A link-like button per attachment that shows it in a window (image or PDF). */
export function AttachmentLinks({ value }: { value: string | number | boolean | undefined }) {
  const { lang, t } = useI18n();
  const shas = String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (shas.length === 0) return <span className="muted">{t.attachmentsNone}</span>;
  return (
    <span className="attachment-links">
      {shas.map((sha, i) => (
        <AttachmentLink key={sha} sha={sha} name={attachmentName(sha, i, lang)} />
      ))}
    </span>
  );
}

export function AttachmentLink({ sha, name }: { sha: string; name: string }) {
  const backend = useBackend();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  const show = () => {
    setOpen(true);
    if (url) return;
    setError(null);
    backend.attachmentData(sha).then(setUrl, (reason) => setError(normaliseError(reason)));
  };

  return (
    <>
      <Button
        type="link"
        size="small"
        className="attachment-link"
        icon={isPdf(sha) ? <FilePdfOutlined /> : known.has(sha) ? <FileImageOutlined /> : <PaperClipOutlined />}
        onClick={(e) => {
          e.stopPropagation();
          show();
        }}
        title={t.attachmentOpen}
      >
        {name}
      </Button>
      <Modal
        open={open}
        title={name}
        footer={null}
        width={760}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {error ? (
          <ErrorAlert error={error} />
        ) : !url ? (
          <Spin />
        ) : isPdf(sha, url) && !url.startsWith('data:image') ? (
          <iframe className="attachment-frame" src={url} title={name} />
        ) : (
          <img className="attachment-image" src={url} alt={name} />
        )}
      </Modal>
    </>
  );
}
