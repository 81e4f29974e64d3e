import SourceIcon from '@mui/icons-material/LibraryBooks';
import type { RaRecord } from 'react-admin';
import { SourceCreate, SourceEdit } from './SourceEdit';
import { SourceList } from './SourceList';
import { SourceShow } from './SourceShow';

export default {
  list: SourceList,
  show: SourceShow,
  edit: SourceEdit,
  create: SourceCreate,
  icon: SourceIcon,
  recordRepresentation: (r: RaRecord) => r.title,
};
