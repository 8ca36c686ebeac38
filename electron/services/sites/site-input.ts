/** Reading what the operator typed for a site or an appliance, and naming an appliance back to them. */
import type { z } from 'zod';
import type { Site, SiteAppliance } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new AppError('INVALID_INPUT', issues.join('; '), 'Correct the highlighted value and try again.');
}

export const withoutSlash = (url: string) => url.replace(/\/$/, '');

/** How the operator knows this appliance: the site's name for its current one, else its label too. */
export function nameOf(site: Site, appliance: SiteAppliance): string {
  return appliance.role === 'current' && appliance.retiredAt === undefined ? site.name : `${appliance.label} (${site.name})`;
}
