import DisputeIcon from '@mui/icons-material/ReportProblem';
import { DisputeList } from './DisputeList';

export default { list: DisputeList, icon: DisputeIcon };
