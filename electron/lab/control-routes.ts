/**
 * /lab/* on the control port: JSON endpoints tests and trainers use to reset the world,
 * move time, inject faults and read the whole state. Every answer is the state afterwards,
 * or {"error"} with 400/404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultError } from './faults';
import { readJson, sendJson } from './http-kit';
import { isScenarioName, type ScenarioName } from './scenarios';

export interface LabControl {
  state(): unknown;
  reset(scenario: ScenarioName): void;
  setTimeScale(scale: number): void;
  advance(seconds: number): void;
  /** Throws FaultError for a bad fault, UnknownApplianceError for a bad target (an appliance id or "update-server"). */
  setFault(target: string, fault: unknown, value: unknown): void;
  clearFaults(): void;
}

export class UnknownApplianceError extends Error {}

export function controlHandler(control: LabControl) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'https://control.invalid');
    const route = `${req.method ?? 'GET'} ${pathname}`;
    try {
      switch (route) {
        case 'GET /lab/state':
          break;
        case 'POST /lab/reset': {
          const { scenario = 'single' } = asObject(await readJson(req));
          if (!isScenarioName(scenario)) throw new RequestError(`Unknown scenario ${JSON.stringify(scenario)}.`);
          control.reset(scenario);
          break;
        }
        case 'POST /lab/time': {
          const body = asObject(await readJson(req));
          if (body.scale === undefined && body.advanceSeconds === undefined) {
            throw new RequestError('Send {"scale": N} and/or {"advanceSeconds": N}.');
          }
          if (body.scale !== undefined) control.setTimeScale(asNumber(body.scale, 'scale'));
          if (body.advanceSeconds !== undefined) control.advance(asNumber(body.advanceSeconds, 'advanceSeconds'));
          break;
        }
        case 'POST /lab/faults': {
          const body = asObject(await readJson(req));
          control.setFault(String(body.appliance ?? 'A'), body.fault, body.value);
          break;
        }
        case 'DELETE /lab/faults':
          control.clearFaults();
          break;
        default:
          return sendJson(res, 404, { error: `No control route ${route}.` });
      }
    } catch (error) {
      if (error instanceof UnknownApplianceError) return sendJson(res, 404, { error: error.message });
      if (error instanceof RequestError || error instanceof FaultError || error instanceof RangeError) {
        return sendJson(res, 400, { error: error.message });
      }
      if (error instanceof SyntaxError) return sendJson(res, 400, { error: `Body is not JSON: ${error.message}` });
      throw error;
    }
    sendJson(res, 200, control.state());
  };
}

class RequestError extends Error {}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestError('Body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function asNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new RequestError(`${name} must be a number.`);
  return value;
}
