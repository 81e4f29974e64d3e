import UserIcon from '@mui/icons-material/People';
import type { RaRecord } from 'react-admin';
import { UserCreate, UserEdit } from './UserEdit';
import { UserList } from './UserList';

export default { list: UserList, edit: UserEdit, create: UserCreate, icon: UserIcon, recordRepresentation: (r: RaRecord) => r.displayName };
