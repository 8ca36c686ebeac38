import type { ProcedureView } from '../../../shared/procedures/view';
import { humaniseTimestamps } from '../format';
import { TextWithDigests } from './digest';
import './banner.css';

type BannerData = NonNullable<ProcedureView['banner']>;

export function Banner({ banner }: { banner: BannerData }) {
  return (
    <section
      className={`banner banner--${banner.tone}`}
      data-testid="banner"
      data-tone={banner.tone}
      role={banner.tone === 'bad' ? 'alert' : 'status'}
    >
      <h2 className="banner__title">{humaniseTimestamps(banner.title)}</h2>
      <p className="banner__text">
        <TextWithDigests text={humaniseTimestamps(banner.text)} label="SHA-256" />
      </p>
    </section>
  );
}
