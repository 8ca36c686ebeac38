/**
 * /lab/* on the control port: JSON endpoints tests and trainers use to reset the world,
 * move time, inject faults and read the whole state. Every answer is the state afterwards,
 * or {"error"} with 400/404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultError } from './faults';
import { readBody, readJson, redirect, sendHtml, sendJson } from './http-kit';
import { isNetworkMethod, NETWORK_METHODS } from './lab-network';
import type { RecordKind } from './dns-page';
import { isScenarioName, type NetworkMethod, type ScenarioName } from './scenarios';

export interface LabControl {
  state(): unknown;
  reset(scenario: ScenarioName): void | Promise<void>;
  setTimeScale(scale: number): void;
  advance(seconds: number): void;
  /** Throws FaultError for a bad fault, UnknownApplianceError for a bad target (an appliance id or "update-server"). */
  setFault(target: string, fault: unknown, value: unknown): void;
  clearFaults(): void;
  /**
   * Points the site DNS record (default propagation 300 lab s) or the NAT rule (30 lab s) at an
   * appliance, effective after propagationSeconds lab seconds.
   */
  setRecord(kind: RecordKind, target: string, propagationSeconds?: number): void;
  /** The DNS or NAT controller page, with an error when the last form post was refused. */
  recordPage(kind: RecordKind, error?: string): string;
  /** What the site front door follows from now on. */
  setNetworkMethod(method: NetworkMethod): void;
  setPower(applianceId: string, on: boolean): Promise<void>;
}

export class UnknownApplianceError extends Error {}

export function controlHandler(control: LabControl) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'https://control.invalid');
    const route = `${req.method ?? 'GET'} ${pathname}`;
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    try {
      switch (route) {
        case 'GET /lab/state':
          break;
        case 'GET /lab/dns':
        case 'GET /lab/nat':
          return sendHtml(res, 200, control.recordPage(recordKindOf(pathname)));
        case 'POST /lab/dns':
        case 'POST /lab/nat': {
          const body = await readBody(req);
          const fields = isForm ? Object.fromEntries(new URLSearchParams(body)) : asObject(parseJson(body));
          const seconds = fields.propagationSeconds;
          const propagation = seconds === undefined || seconds === '' ? undefined : Number(seconds);
          if (propagation !== undefined && !Number.isFinite(propagation)) throw new RequestError('propagationSeconds must be a number.');
          control.setRecord(recordKindOf(pathname), String(fields.target ?? ''), propagation);
          // A person's form post goes back to the page; a JSON post gets the state.
          if (isForm) return redirect(res, pathname);
          break;
        }
        case 'POST /lab/network': {
          const { method } = asObject(await readJson(req));
          if (!isNetworkMethod(method)) throw new RequestError(`Send {"method": "${NETWORK_METHODS.join('" | "')}"}.`);
          control.setNetworkMethod(method);
          break;
        }
        case 'POST /lab/power': {
          const body = asObject(await readJson(req));
          if (typeof body.on !== 'boolean') throw new RequestError('Send {"appliance": "A", "on": true|false}.');
          await control.setPower(String(body.appliance ?? 'A'), body.on);
          break;
        }
        case 'POST /lab/reset': {
          const { scenario = 'single' } = asObject(await readJson(req));
          if (!isScenarioName(scenario)) throw new RequestError(`Unknown scenario ${JSON.stringify(scenario)}.`);
          await control.reset(scenario);
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
      if ((route === 'POST /lab/dns' || route === 'POST /lab/nat') && isForm && error instanceof Error) {
        return sendHtml(res, error instanceof UnknownApplianceError ? 404 : 400, control.recordPage(recordKindOf(pathname), error.message));
      }
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

function recordKindOf(pathname: string): RecordKind {
  return pathname === '/lab/nat' ? 'nat' : 'dns';
}

function parseJson(body: string): unknown {
  return body.trim() === '' ? {} : (JSON.parse(body) as unknown);
}

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
