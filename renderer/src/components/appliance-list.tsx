import type { Site } from '../../../shared/domain';
import { APPLIANCE_ROLE_LABELS } from '../../../shared/sites';
import { formatDateTime } from '../format';
import './appliance-list.css';

interface Props {
  site: Pick<Site, 'id' | 'appliances'>;
}

/** A site's appliances at a glance: what each is to the site, where it is, whether its certificate is trusted. */
export function ApplianceList({ site }: Props) {
  return (
    <ul className="appliance-list" data-testid="site-appliances" aria-label="Appliances of this site">
      {site.appliances.map((appliance) => {
        const retired = appliance.retiredAt !== undefined;
        return (
          <li
            key={appliance.id}
            className={`appliance-list__item${retired ? ' appliance-list__item--retired' : ''}`}
            data-testid="site-appliance"
            data-appliance-id={appliance.id}
            data-role={appliance.role}
            data-retired={String(retired)}
          >
            <span className={`badge ${retired ? 'badge--neutral' : appliance.role === 'current' ? 'badge--ok' : 'badge--info'}`}>
              {retired ? 'Retired' : APPLIANCE_ROLE_LABELS[appliance.role]}
            </span>
            <span className="appliance-list__label">{appliance.label}</span>
            <span className="appliance-list__address mono">{appliance.applianceUrl}</span>
            <span className={`appliance-list__pin ${retired ? 'muted' : appliance.pinnedFingerprint256 ? 'tone-ok' : 'tone-warn'}`} data-testid="appliance-pin">
              {retired
                ? `Replaced ${formatDateTime(appliance.retiredAt!)}`
                : appliance.pinnedFingerprint256
                  ? 'Certificate trusted'
                  : 'Certificate not trusted yet: test its connection'}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
