/**
 * The renderer tests run beside the browser and integration suites on two cores: a screen that
 * appears after a fake request may take longer than Testing Library's default 1 s to show under
 * that load. Waiting longer changes no verdict; it only stops a slow machine from failing a test.
 */
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 5_000 });
