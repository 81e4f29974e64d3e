import { Box } from '@mui/material';
import type { ReactNode } from 'react';

/** Read by screen readers, not shown (MUI's visuallyHidden style, which @mui/material does not export). */
const VISUALLY_HIDDEN = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

export function VisuallyHidden({ children, ...props }: { children: ReactNode; dir?: 'auto'; lang?: string }) {
  return (
    <Box component="span" sx={VISUALLY_HIDDEN} {...props}>
      {children}
    </Box>
  );
}
