import ClaimIcon from '@mui/icons-material/FactCheck';
import type { RaRecord } from 'react-admin';
import { shorten } from '../common/format';
import { ClaimCreate } from './ClaimCreate';
import { ClaimEdit } from './ClaimEdit';
import { ClaimList } from './ClaimList';
import { ClaimShow } from './ClaimShow';

export default {
  list: ClaimList,
  show: ClaimShow,
  edit: ClaimEdit,
  create: ClaimCreate,
  icon: ClaimIcon,
  recordRepresentation: (r: RaRecord) => shorten(r.text, 60, r.language),
};
