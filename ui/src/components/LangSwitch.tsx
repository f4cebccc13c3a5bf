import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** One button that switches between Chinese and English; it names the other language. */
export function LangSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { lang, t, setLang } = useI18n();
  return (
    <Button
      type={type}
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t.switchToLabel}
      title={t.switchToLabel}
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t.switchTo}
    </Button>
  );
}
