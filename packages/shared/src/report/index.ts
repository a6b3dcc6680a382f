export {
  escapeXml,
  type JUnitCase,
  type JUnitOutcome,
  type JUnitSuite,
  renderJUnit,
  writeJUnit,
} from './junit';
