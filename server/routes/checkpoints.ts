import { Router, type Request, type Response } from 'express';
import type { Services } from '../services';
import { checkpointsOff } from '../services/checkpoints';

/**
 * The signed checkpoint log and the key that signs it, public and without login, so anyone can
 * keep a copy and compare (docs/history-verification.md, section 8):
 * GET /checkpoints.ndjson (one checkpoint per line, oldest first), GET /checkpoints/public-key (the
 * key signing now) and GET /checkpoints/public-keys (every key, with the checkpoints it is valid for).
 */
export function checkpointRoutes(services: Services): Router {
  const router = Router();
  const notConfigured = (res: Response) => {
    const err = checkpointsOff();
    res.status(404).json({ errors: [{ message: err.message, extensions: { code: err.code } }] });
  };
  // The key that signs from now on, in the shape it has always had.
  router.get('/checkpoints/public-key', async (_req: Request, res: Response) => {
    const key = await services.checkpoints.currentKey();
    if (!key) return notConfigured(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(key);
  });
  // Every key, oldest first, with the checkpoints each is valid for.
  router.get('/checkpoints/public-keys', async (_req: Request, res: Response) => {
    const keys = await services.checkpoints.keys();
    if (!keys) return notConfigured(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ keys });
  });
  router.get('/checkpoints.ndjson', async (_req: Request, res: Response) => {
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    for await (const record of services.checkpoints.log()) {
      if (res.destroyed) return; // the client went away
      if (!res.write(`${record}\n`)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
    }
    res.end();
  });
  return router;
}
