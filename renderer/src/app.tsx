import { useState } from 'react';
import { useSites } from './hooks/use-sites';
import { useAppInfo } from './hooks/use-app-info';
import { useSitesToRetest } from './hooks/use-sites-to-retest';
import { useRoute } from './route';
import { AppHeader } from './components/app-header';
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

  return (
    <div className="app">
      <AppHeader info={info.data} practiceLab={practiceLab} onHome={home} />
      <main className="app__main">
        {route.screen === 'home' && (
          <HomeScreen
            sites={sites}
            warnings={warnings}
            onDismissWarnings={() => setWarningsDismissed(true)}
            onAddSite={() => navigate({ screen: 'new-site' })}
            onEditSite={(siteId) => navigate({ screen: 'site', siteId })}
            onOpenProcedure={(procedureId) => navigate({ screen: 'procedure', procedureId })}
            sitesToRetest={retest.siteIds}
            onRetestStarted={retest.taken}
          />
        )}
        {(route.screen === 'site' || route.screen === 'new-site') && (
          <SiteEditorScreen
            siteId={route.screen === 'site' ? route.siteId : undefined}
            sites={sites}
            onBack={home}
            onSaved={(site) => {
              // The list must hold the new site before its editor opens.
              void sites.reload().then(() => navigate({ screen: 'site', siteId: site.id }));
            }}
            onRemoved={() => void sites.reload().then(home)}
          />
        )}
        {route.screen === 'procedure' && <ProcedureScreen procedureId={route.procedureId} onBack={home} />}
      </main>
    </div>
  );
}
