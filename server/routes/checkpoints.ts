import { Router, type Request, type Response } from 'express';
import type { Services } from '../services';
import { checkpointsOff } from '../services/checkpoints';

/**
 * The signed checkpoint log and the key that signs it, public and without login, so anyone can
 * keep a copy and compare (docs/history-verification.md, section 8):
 * GET /checkpoints.ndjson (one checkpoint per line, oldest first) and GET /checkpoints/public-key.
 */
export function checkpointRoutes(services: Services): Router {
  const router = Router();
  router.get('/checkpoints/public-key', (_req: Request, res: Response) => {
    const key = services.checkpoints.publicKey();
    if (!key) {
      const err = checkpointsOff();
      res.status(404).json({ errors: [{ message: err.message, extensions: { code: err.code } }] });
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.json(key);
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
