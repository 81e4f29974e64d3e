import { Registry, collectDefaultMetrics } from 'prom-client';

/** One registry for the process: default Node metrics plus ClaimLedger's own counters. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'claimledger_' });
