import { useCallback, useState, type MouseEvent } from 'react';
import type { ProcedureView } from '../../shared/procedures/view';
import { requestCurrentStep } from './focus';
import { windowStartedAt } from './procedure-status';
import { useSites } from './hooks/use-sites';
import { useAppInfo } from './hooks/use-app-info';
import { useSitesToRetest } from './hooks/use-sites-to-retest';
import { useRoute } from './route';
import { AppHeader, type HeaderProcedure } from './components/app-header';
import { HistoryScreen } from './screens/history-screen';
import { HomeScreen } from './screens/home-screen';
import { ProcedureScreen } from './screens/procedure-screen';
import { SiteEditorScreen } from './screens/site-editor-screen';

export function App() {
  const [route, navigate] = useRoute();
  const sites = useSites();
  const info = useAppInfo();
  const retest = useSitesToRetest();
  const practiceLab = Boolean(info.data?.practiceLab) || Boolean(sites.data?.some((s) => s.isPracticeLab));
  const home = () => navigate({ screen: 'home' });
  // Dismissed for this run of the app: the warnings come once, from start-up.
  const [warningsDismissed, setWarningsDismissed] = useState(false);
  const warnings = warningsDismissed ? [] : (info.data?.warnings ?? []);
  // Kept here, not in the editor: saving a new site reopens the editor on the site it became.
  const [saveWarnings, setSaveWarnings] = useState<{ siteId: string; warnings: string[] } | null>(null);
  const [openProcedure, setOpenProcedure] = useState<ProcedureView | undefined>(undefined);
  const onProcedureView = useCallback((view: ProcedureView | undefined) => setOpenProcedure(view), []);
  const headerProcedure = route.screen === 'procedure' && openProcedure?.id === route.procedureId ? toHeader(openProcedure) : undefined;

  // The link is an anchor for assistive technology, but the location hash holds the route:
  // it moves focus itself instead of navigating.
  const skipTo = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (route.screen === 'procedure') requestCurrentStep();
    else document.getElementById(MAIN_ID)?.focus();
  };

  return (
    <div className="app">
      <a className="skip-link" href={`#${MAIN_ID}`} onClick={skipTo} data-testid="skip-link">
        {route.screen === 'procedure' ? 'Skip to current step' : 'Skip to main content'}
      </a>
      <AppHeader info={info.data} practiceLab={practiceLab} onHome={home} procedure={headerProcedure} />
      <main className="app__main" id={MAIN_ID} tabIndex={-1}>
        {route.screen === 'home' && (
          <HomeScreen
            sites={sites}
            warnings={warnings}
            onDismissWarnings={() => setWarningsDismissed(true)}
            onAddSite={() => navigate({ screen: 'new-site' })}
            onEditSite={(siteId) => navigate({ screen: 'site', siteId })}
            onOpenProcedure={(procedureId) => navigate({ screen: 'procedure', procedureId })}
            onOpenHistory={() => navigate({ screen: 'history' })}
            sitesToRetest={retest.siteIds}
            onRetestStarted={retest.taken}
          />
        )}
        {route.screen === 'history' && (
          <HistoryScreen onBack={home} onOpenProcedure={(procedureId) => navigate({ screen: 'procedure', procedureId })} />
        )}
        {(route.screen === 'site' || route.screen === 'new-site') && (
          <SiteEditorScreen
            siteId={route.screen === 'site' ? route.siteId : undefined}
            sites={sites}
            onBack={home}
            saveWarnings={route.screen === 'site' && saveWarnings?.siteId === route.siteId ? saveWarnings.warnings : []}
            onSaved={(site, warnings) => {
              setSaveWarnings({ siteId: site.id, warnings });
              // The list must hold the new site before its editor opens.
              void sites.reload().then(() => navigate({ screen: 'site', siteId: site.id }));
            }}
            onRemoved={() => void sites.reload().then(home)}
          />
        )}
        {route.screen === 'procedure' && <ProcedureScreen procedureId={route.procedureId} onBack={home} onView={onProcedureView} />}
      </main>
    </div>
  );
}

const MAIN_ID = 'main-content';

function toHeader(view: ProcedureView): HeaderProcedure {
  const startedAt = windowStartedAt(view.steps);
  return {
    title: view.title,
    status: view.status,
    currentStepId: view.currentStepId,
    steps: view.steps,
    // The same status words as the page's badge ("Complete", "Needs attention — do not restart the appliance").
    ...(view.statusLabel !== undefined ? { statusLabel: view.statusLabel } : {}),
    ...(view.attention !== undefined ? { attention: view.attention } : {}),
    ...(view.progress !== undefined ? { progress: view.progress } : {}),
    windowPending: startedAt === undefined && view.steps.some((s) => s.id === 'window' && s.status !== 'done' && s.status !== 'skipped'),
    ...(startedAt !== undefined ? { windowStartedAt: startedAt } : {}),
  };
}
