/** The harness offers the lab the same way the app does. */
export { practiceLabSite, practiceUpdateServer } from '../../electron/lab/practice-site';
