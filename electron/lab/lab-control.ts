/**
 * The /lab control operations over the model and the appliance servers: faults change the
 * model and, for connection-level faults, the server that owns the sockets. The target
 * "update-server" addresses the update server's own (link) faults.
 */
import type { ApplianceServer } from './appliance-server';
import { UnknownApplianceError, type LabControl } from './control-routes';
import { withFault, withUpdateServerFault, type FaultName } from './faults';
import { recordPage } from './dns-page';
import type { LabModel } from './lab-model';

const UPDATE_SERVER_TARGET = 'update-server';

export function labControl(model: LabModel, servers: Map<string, ApplianceServer>): LabControl {
  const clearAll = () => {
    for (const [id, server] of servers) {
      const appliance = model.appliance(id);
      if (!appliance) continue;
      const before = appliance.faults;
      appliance.faults = {};
      server.faultsChanged(before, {});
    }
    model.updateServer.faults = {};
  };
  return {
    state() {
      const snapshot = model.snapshot();
      const appliances: Record<string, object> = {};
      for (const [id, state] of Object.entries(snapshot.appliances)) {
        const certificate = servers.get(id)?.certificate;
        appliances[id] = {
          ...state,
          fingerprint256: certificate?.fingerprint256,
          certificatePem: certificate?.certPem,
        };
      }
      return { ...snapshot, appliances };
    },
    async reset(scenario) {
      // Faults first, so certificates and held connections go back to normal with the state.
      clearAll();
      model.reset(scenario);
      // Every appliance is powered on at the start of a scenario.
      for (const server of servers.values()) await server.powerOn();
    },
    setTimeScale: (scale) => model.setTimeScale(scale),
    advance: (seconds) => model.advance(seconds),
    setFault(applianceId, fault, value) {
      if (applianceId === UPDATE_SERVER_TARGET) {
        model.updateServer.faults = withUpdateServerFault(model.updateServer.faults, fault, value);
        return;
      }
      const appliance = model.appliance(applianceId);
      const server = servers.get(applianceId);
      if (!appliance || !server) throw new UnknownApplianceError(`No appliance ${JSON.stringify(applianceId)}.`);
      const before = appliance.faults;
      appliance.faults = withFault(before, fault, value);
      server.faultsChanged(before, appliance.faults, fault as FaultName);
    },
    clearFaults: clearAll,
    setRecord(kind, target, propagationSeconds) {
      if (!servers.has(target)) throw new UnknownApplianceError(`No appliance ${JSON.stringify(target)} to point the record at.`);
      model.network[kind].set(target, propagationSeconds);
    },
    recordPage(kind, error) {
      const labels: Record<string, string> = {};
      for (const id of model.applianceIds()) labels[id] = model.appliance(id)?.hostname ?? id;
      return recordPage(kind, model.network[kind], model.applianceIds(), labels, error);
    },
    setNetworkMethod(method) {
      model.network.method = method;
    },
    async setPower(applianceId, on) {
      const server = servers.get(applianceId);
      if (!server) throw new UnknownApplianceError(`No appliance ${JSON.stringify(applianceId)}.`);
      if (on) await server.powerOn();
      else await server.powerOff();
    },
  };
}
