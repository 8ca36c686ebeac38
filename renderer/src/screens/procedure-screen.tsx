import { useEffect, useRef, useState } from 'react';
import type { ProcedureView } from '../../../shared/procedures/view';
import { asAppError, call } from '../api';
import type { AppErrorShape } from '../../../shared/errors';
import { Banner } from '../components/banner';
import { ErrorPanel } from '../components/error-panel';
import { JournalPanel } from '../components/journal-panel';
import { ProcedureStatusBadge } from '../components/procedure-status-badge';
import { ReportPanel } from '../components/report-panel';
import { installInfoOf } from '../components/install-phases';
import { StepDetail } from '../components/step-detail';
import { StepList } from '../components/step-list';
import { SiteWatchPanel } from '../components/site-watch-panel';
import { SupportBundlePanel } from '../components/support-bundle-panel';
import { formatDateTime, formatRelativeTime, procedureWhere } from '../format';
import { useJournal } from '../hooks/use-journal';
import { useNow } from '../hooks/use-now';
import { useProcedure } from '../hooks/use-procedure';
import { useProgress } from '../hooks/use-progress';
import { useStepFocus } from '../hooks/use-step-focus';
import { cancelledAtStep, progressWords } from '../procedure-status';
import './procedure-screen.css';

type Tab = 'step' | 'journal' | 'report';

interface Props {
  procedureId: string;
  onBack: () => void;
  /** Hears every view this screen draws (the header shows its status and clock). */
  onView?: (view: ProcedureView | undefined) => void;
}

export function ProcedureScreen({ procedureId, onBack, onView }: Props) {
  const procedure = useProcedure(procedureId);
  const journal = useJournal(procedureId);
  const progress = useProgress(procedureId);
  const now = useNow(30_000);
  const [tab, setTab] = useState<Tab>('step');
  const [selectedStepId, setSelectedStepId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<AppErrorShape | undefined>(undefined);
  const [pageError, setPageError] = useState<AppErrorShape | undefined>(undefined);

  // A pasted key or a chosen drive survives a look at the journal or at another step; the
  // forms unmount then, so what was entered is kept here, per step and event.
  const drafts = useRef(new Map<string, string>());

  const view = procedure.data;
  const currentStepId = view?.currentStepId ?? null;
  const loaded = view !== undefined;

  // Keyboard focus follows the procedure to its current step (see useStepFocus).
  const { requestFocus, focusHeading } = useStepFocus({
    currentStepId,
    loaded,
    panelId: STEP_PANEL_ID,
    onMoved: () => setTab('step'),
    onShowCurrent: () => {
      setTab('step');
      setSelectedStepId(null);
    },
  });

  // When the procedure moves on, follow it: the operator's attention belongs on the new step.
  // Not on the first load: effects run after the screen is drawn, and by then a slow machine may
  // already have let the operator type into the step or pick another one.
  const stepShown = useRef<string | null>(null);
  useEffect(() => {
    const previous = stepShown.current;
    stepShown.current = currentStepId;
    if (previous === null) return;
    drafts.current.clear();
    setSelectedStepId(null);
    setSendError(undefined);
    setPageError(undefined);
  }, [currentStepId]);

  useEffect(() => {
    onView?.(view);
  }, [view, onView]);
  useEffect(() => () => onView?.(undefined), [onView]);

  if (procedure.error && !view) {
    return (
      <div className="screen">
        <BackLink onBack={onBack} />
        <ErrorPanel error={procedure.error} title="This procedure could not be opened" />
      </div>
    );
  }
  if (!view) return <p className="screen muted">Loading the procedure…</p>;

  // A finished procedure opens on where it ended: the step it was cancelled at, or the last one.
  const cancelledAt = view.status === 'cancelled' ? cancelledAtStep(view.steps) : null;
  const endStep = cancelledAt !== null ? view.steps[cancelledAt - 1] : view.steps[view.steps.length - 1];
  const shownStepId = selectedStepId ?? currentStepId ?? endStep?.id ?? null;
  const shownStep = view.steps.find((s) => s.id === shownStepId);
  const isCurrent = shownStep !== undefined && shownStep.id === currentStepId;
  // Done, cancelled or ended at support: the customer report exists (or is being printed).
  const settled = view.status !== 'active';

  const send = async (event: string, note: string | undefined, value: string | undefined) => {
    setBusy(true);
    setSendError(undefined);
    try {
      const operatorEvent = {
        type: event,
        ...(note !== undefined ? { note } : {}),
        ...(value !== undefined ? { value } : {}),
      };
      procedure.set(await call('procedures.send', { id: view.id, event: operatorEvent }));
    } catch (e) {
      setSendError(asAppError(e));
    } finally {
      setBusy(false);
      // The step stayed (a refusal, a retry): the button pressed may be gone or was disabled
      // while busy, which drops focus to the page; bring it back to the step.
      requestFocus();
    }
  };

  const openPage = async (url: string) => {
    setPageError(undefined);
    try {
      await call('shell.openPage', { siteId: view.siteId, url });
    } catch (e) {
      setPageError(asAppError(e));
    }
  };

  return (
    <div className="screen procedure-screen" data-testid="procedure-screen" data-status={view.status}>
      <BackLink onBack={onBack} />
      <header className="screen__header">
        <div>
          <h1 className="screen__title">{view.title}</h1>
          <p className="screen__subtitle">
            {procedureWhere(view)} · started {formatDateTime(view.startedAt)} · updated{' '}
            <span title={formatDateTime(view.updatedAt)}>{formatRelativeTime(view.updatedAt, now)}</span>
          </p>
        </div>
        <div className="procedure-screen__status">
          <ProcedureStatusBadge procedure={view} />
          {progressWords(view) && (
            <span className="muted" data-testid="steps-done">
              {progressWords(view)}
            </span>
          )}
        </div>
      </header>

      {view.banner && <Banner banner={view.banner} />}
      {view.siteWatch && <SiteWatchPanel watch={view.siteWatch} />}

      <SupportBundlePanel view={view} />
      <div className="procedure-screen__body">
        <aside className="procedure-screen__steps panel">
          <StepList
            steps={view.steps}
            currentStepId={currentStepId}
            selectedStepId={shownStepId}
            onSelect={(id) => {
              setSelectedStepId(id === currentStepId ? null : id);
              setTab('step');
            }}
          />
        </aside>

        <section className="procedure-screen__main panel">
          <div className="tabs" role="tablist" aria-label="Procedure views">
            <TabButton id="step" label={isCurrent ? 'Current step' : 'Step'} tab={tab} onSelect={setTab} />
            <TabButton id="journal" label="Journal" tab={tab} onSelect={setTab} count={journal.data?.length} />
            {settled && <TabButton id="report" label="Report" tab={tab} onSelect={setTab} />}
          </div>
          <div
            className="tabs__panel"
            role="tabpanel"
            id={`tab-panel-${tab}`}
            aria-labelledby={`tab-${tab}`}
          >
            {tab === 'journal' ? (
              <JournalPanel journal={journal} steps={view.steps} />
            ) : tab === 'report' && settled ? (
              <ReportPanel procedureId={view.id} />
            ) : shownStep ? (
              <>
                {pageError && <ErrorPanel error={pageError} title="The page could not be opened" />}
                <StepDetail
                  step={shownStep}
                  interactive={isCurrent && view.status === 'active'}
                  progress={progress[shownStep.id]}
                  busy={busy}
                  sendError={sendError}
                  onSend={(event, note, value) => void send(event, note, value)}
                  draftFor={(event) => drafts.current.get(`${shownStep.id}:${event}`)}
                  onDraft={(event, value) => {
                    const key = `${shownStep.id}:${event}`;
                    if (value === undefined) drafts.current.delete(key);
                    else drafts.current.set(key, value);
                  }}
                  onOpenPage={(url) => void openPage(url)}
                  isCurrent={isCurrent}
                  install={installInfoOf(shownStep)}
                  onBackToCurrent={
                    !isCurrent && currentStepId
                      ? () => {
                          setSelectedStepId(null);
                          focusHeading();
                        }
                      : undefined
                  }
                />
              </>
            ) : (
              <p className="muted">This procedure has no steps to show.</p>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}

function BackLink({ onBack }: { onBack: () => void }) {
  return (
    <button type="button" className="back-link" onClick={onBack}>
      ← All sites and procedures
    </button>
  );
}

function TabButton({ id, label, tab, count, onSelect }: { id: Tab; label: string; tab: Tab; count?: number; onSelect: (tab: Tab) => void }) {
  const selected = id === tab;
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      className={`tabs__tab${selected ? ' tabs__tab--selected' : ''}`}
      aria-selected={selected}
      aria-controls={`tab-panel-${id}`}
      onClick={() => onSelect(id)}
    >
      {label}
      {count !== undefined && <span className="tabs__count">{count}</span>}
    </button>
  );
}

/** The step tab's panel (its id follows the tab: `tab-panel-step`). */
const STEP_PANEL_ID = 'tab-panel-step';
