/**
 * `npm run size`: measures dist/lambda (bytes, and zipped in memory at deflate level 6),
 * writes dist/size-report.json and prints it. `npm run build` runs the same measurement.
 */
import { writeSizeReport } from './bundle-size.js';

const { package: folder, bytes, zippedBytes, withinLambdaLimits, withinBudget, handlerBytesByPackage } = writeSizeReport();
console.log(JSON.stringify({ package: folder, bytes, zippedBytes, withinLambdaLimits, withinBudget, handlerBytesByPackage }, null, 2));
