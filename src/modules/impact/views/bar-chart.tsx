// The chart moved to the platform so that other modules' reports draw the same (spaces' occupancy).
export { type Bar, BarChart } from '../../../platform/ui/bar-chart.js';
