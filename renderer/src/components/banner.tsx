import type { ProcedureView } from '../../../shared/procedures/view';
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
      <h2 className="banner__title">{banner.title}</h2>
      <p className="banner__text">{banner.text}</p>
    </section>
  );
}
