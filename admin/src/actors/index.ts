import ActorIcon from '@mui/icons-material/RecordVoiceOver';
import type { RaRecord } from 'react-admin';
import { ActorCreate, ActorEdit } from './ActorEdit';
import { ActorList } from './ActorList';
import { ActorShow } from './ActorShow';

export default {
  list: ActorList,
  show: ActorShow,
  edit: ActorEdit,
  create: ActorCreate,
  icon: ActorIcon,
  recordRepresentation: (r: RaRecord) => r.name,
};
