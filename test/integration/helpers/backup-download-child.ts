/**
 * Run as a child process (node --import tsx): downloads a settings backup from the endpoint in
 * argv[2] (JSON) to the path in argv[3], prints PARTWAY once some bytes are on disk, then hangs
 * so the parent can SIGKILL it mid-download, as a crash or a killed app would.
 */
import { createApplianceApi } from '../../../electron/services/appliance';

const [endpointJson, destPath] = process.argv.slice(2);
if (!endpointJson || !destPath) throw new Error('usage: backup-download-child <endpoint json> <dest path>');
const api = createApplianceApi(JSON.parse(endpointJson));
let announced = false;
void api.downloadBackup(destPath, {
  onProgress: ({ done }) => {
    if (announced || done < 1024 * 1024) return;
    announced = true;
    process.stdout.write('PARTWAY\n', () => {
      // Hold the event loop: no more bytes, no clean-up, until the parent kills the process.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    });
  },
});
