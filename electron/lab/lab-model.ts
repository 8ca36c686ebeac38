/**
 * The whole simulated world behind the servers: scenario, clock, appliances and update
 * catalogue. Servers look appliances up here on every request, so a reset swaps the state
 * without restarting any listener.
 */
import { Appliance } from './appliance-state';
import { LabClock } from './lab-clock';
import { UpdateCatalogue } from './update-catalogue';
import { buildScenario, type Scenario, type ScenarioName } from './scenarios';

export class LabModel {
  readonly clock: LabClock;
  scenario: Scenario;
  catalogue = new UpdateCatalogue();
  private appliances = new Map<string, Appliance>();

  constructor(
    scenarioName: ScenarioName,
    timeScale: number,
    readonly backupBytes: number,
  ) {
    this.clock = new LabClock(timeScale);
    this.scenario = buildScenario(scenarioName);
    this.populate();
  }

  applianceIds(): string[] {
    return Object.keys(this.scenario.appliances);
  }

  appliance(id: string): Appliance | undefined {
    return this.appliances.get(id);
  }

  /** Back to the scenario's start: fresh appliances and catalogue, clock restarted at real time. */
  reset(scenarioName: ScenarioName): void {
    this.dispose();
    this.scenario = buildScenario(scenarioName);
    this.catalogue = new UpdateCatalogue();
    this.clock.restart();
    this.populate();
  }

  setTimeScale(scale: number): void {
    this.clock.setScale(scale);
    this.rescheduleAll();
  }

  advance(seconds: number): void {
    this.clock.advance(seconds);
    this.rescheduleAll();
  }

  snapshot() {
    const appliances: Record<string, ReturnType<Appliance['snapshot']>> = {};
    for (const [id, appliance] of this.appliances) appliances[id] = appliance.snapshot();
    return {
      scenario: this.scenario.name,
      timeScale: this.clock.scale,
      labTime: new Date(this.clock.now()).toISOString(),
      backupBytes: this.backupBytes,
      appliances,
      catalogue: this.catalogue.snapshot(),
    };
  }

  dispose(): void {
    for (const appliance of this.appliances.values()) appliance.dispose();
  }

  private populate(): void {
    this.appliances = new Map();
    for (const [id, spec] of Object.entries(this.scenario.appliances)) {
      this.appliances.set(id, new Appliance(id, spec, this.clock));
      this.catalogue.add(id, spec.serial, spec.catalogue);
    }
  }

  private rescheduleAll(): void {
    for (const appliance of this.appliances.values()) {
      appliance.settle();
      appliance.scheduleCompletion();
    }
  }
}
